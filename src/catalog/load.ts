// The control catalog: controls/*.yaml, each control mapped to SOC 2 criteria and to the checks that evidence it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserInputError } from '../core/errors.js';
import { allCheckIds, findCheck } from '../checks/registry.js';
import { lineOf, parseYamlFile, suggestion, validateYaml } from '../config/yaml-errors.js';
import { controlFileSchema, controlSchema, type Control } from './schema.js';
import { categoriesInScope, categoryOfCriterion, type Category } from './criteria.js';

export const BUILTIN_CONTROLS_DIR = fileURLToPath(new URL('../../controls/', import.meta.url));

export interface Catalog {
  dir: string;
  controls: Control[];
  /** Trust Services categories in scope (security always). Absent: all three. */
  categories?: Category[];
  /** Controls none of whose criteria is in a category in scope: not evaluated, and said so. */
  outOfCategory?: Control[];
}

/** The catalog narrowed to the categories in scope: a control stays when any of its criteria is in scope. */
export function scopeCatalog(catalog: Catalog, configured: readonly Category[] | undefined): Catalog {
  const categories = categoriesInScope(configured);
  const inScope = (c: Control) => c.criteria.some((id) => categories.includes(categoryOfCriterion(id) ?? 'security'));
  return { ...catalog, categories, controls: catalog.controls.filter(inScope), outOfCategory: catalog.controls.filter((c) => !inScope(c)) };
}

/** Checks that evidence only controls outside the categories in scope: not run, with the reason. */
export function checksOutOfCategory(catalog: Catalog): Map<string, string> {
  const mapped = new Set(catalog.controls.flatMap((c) => c.checks));
  const out = new Map<string, string>();
  for (const control of catalog.outOfCategory ?? []) {
    for (const checkId of control.checks) {
      if (!mapped.has(checkId)) out.set(checkId, `evidences only ${control.id}, whose criteria (${control.criteria.join(', ')}) are in no category in scope`);
    }
  }
  return out;
}

export function loadCatalog(dir: string = BUILTIN_CONTROLS_DIR): Catalog {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch {
    throw new UserInputError('controls folder not found or not a folder', dir);
  }
  if (names.length === 0) throw new UserInputError('controls folder has no *.yaml files', dir);

  const controls: Control[] = [];
  const seen = new Map<string, string>();
  const ids = allCheckIds();
  for (const name of names) {
    const file = path.join(dir, name);
    const display = path.relative(process.cwd(), file) || file;
    const parsed = parseYamlFile(readFileSync(file, 'utf8'), display);
    const data = validateYaml(controlFileSchema, parsed, display, {
      '': ['controls'],
      ...Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`controls.${i}`, Object.keys(controlSchema.shape)])),
    });
    data.controls.forEach((control, i) => {
      const previous = seen.get(control.id);
      if (previous) {
        throw new UserInputError(`duplicate control id "${control.id}" (also in ${previous})`, display, lineOf(parsed, ['controls', i, 'id']));
      }
      seen.set(control.id, display);
      control.checks.forEach((checkId, j) => {
        if (!findCheck(checkId)) {
          const hint = suggestion(checkId, ids);
          throw new UserInputError(
            `control ${control.id} names unknown check "${checkId}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
            display,
            lineOf(parsed, ['controls', i, 'checks', j]),
          );
        }
      });
      controls.push({ ...control, file: display });
    });
  }
  return { dir, controls };
}

/** checkId → ids of the controls it evidences. */
export function controlsByCheck(catalog: Catalog): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const control of catalog.controls) {
    for (const checkId of control.checks) map.set(checkId, [...(map.get(checkId) ?? []), control.id]);
  }
  return map;
}
