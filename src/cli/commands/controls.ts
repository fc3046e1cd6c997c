import type { Command } from 'commander';
import { UserInputError } from '../../core/errors.js';
import { loadCatalog } from '../../catalog/load.js';
import { ALL_CHECKS } from '../../checks/registry.js';
import type { AnyCheck } from '../../checks/types.js';
import { CATEGORIES, criteriaInScope, categoriesInScope, type Category } from '../../catalog/criteria.js';
import type { Catalog } from '../../catalog/load.js';

/** Each in-scope criterion with the controls that reach it; `controls: []` is a criterion nothing covers. */
export function criteriaMap(
  catalog: Catalog,
  categories: readonly Category[],
): Array<{ criterion: string; title: string; category: Category; controls: string[] }> {
  return criteriaInScope(categoriesInScope(categories)).map((c) => ({
    criterion: c.id,
    title: c.title,
    category: c.category,
    controls: catalog.controls.filter((control) => control.criteria.includes(c.id)).map((control) => control.id),
  }));
}

export function registerControls(program: Command): void {
  const controls = program.command('controls').description('show and validate the control catalog');
  controls
    .command('list')
    .description('list the controls with their SOC 2 criteria and checks')
    .option('--controls <dir>', 'control catalog folder (default: built-in)')
    .option('--criteria', 'print the Trust Services criterion → controls map instead (exit 1 when a criterion in scope has no control)')
    .option('--categories <list>', `categories in scope with --criteria (security is always in): ${CATEGORIES.join(',')}`, CATEGORIES.join(','))
    .option('--json', 'print JSON')
    .action((flags: { controls?: string; json?: boolean; criteria?: boolean; categories: string }) => {
      const catalog = loadCatalog(flags.controls);
      if (flags.criteria) {
        const categories = flags.categories
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean);
        const unknown = categories.filter((c) => !(CATEGORIES as readonly string[]).includes(c));
        if (unknown.length) throw new UserInputError(`--categories: unknown category "${unknown[0]}" (expected ${CATEGORIES.join(', ')})`);
        const map = criteriaMap(catalog, categories as Category[]);
        const uncovered = map.filter((m) => m.controls.length === 0);
        if (flags.json) process.stdout.write(`${JSON.stringify(map, null, 2)}\n`);
        else {
          for (const m of map) process.stdout.write(`${m.criterion.padEnd(7)} ${(m.controls.join(', ') || 'NOT COVERED').padEnd(24)} ${m.title}\n`);
          process.stdout.write(`${map.length - uncovered.length} of ${map.length} criteria in scope are reached by a control.\n`);
        }
        process.exitCode = uncovered.length ? 1 : 0;
        return;
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(catalog.controls, null, 2)}\n`);
        return;
      }
      for (const c of catalog.controls) {
        process.stdout.write(`${c.id.padEnd(8)} ${c.criteria.join(',').padEnd(14)} ${c.title}\n`);
        process.stdout.write(`${''.padEnd(24)}${c.manual ? `manual: ${c.evidence ?? 'documents in the manual evidence folder'}` : c.checks.join(', ')}\n`);
      }
    });
  controls
    .command('validate')
    .description('validate control files (exit 2 with file and line on the first error)')
    .argument('[dir]', 'control catalog folder (default: built-in)')
    .action((dir: string | undefined) => {
      const catalog = loadCatalog(dir);
      const checks = new Set(catalog.controls.flatMap((c) => c.checks));
      const unmapped = ALL_CHECKS.filter((c) => !checks.has(c.id)).map((c) => c.id);
      process.stdout.write(`${catalog.controls.length} controls in ${catalog.dir}: valid.\n`);
      if (unmapped.length) process.stdout.write(`Checks no control references (they still run): ${unmapped.join(', ')}\n`);
    });
  controls
    .command('checks')
    .description('list every check id with what it judges, and its configurable thresholds with their defaults (set them under "checks:" in the config)')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const rows = ALL_CHECKS.map((c) => ({ id: c.id, severity: c.severity, title: c.title, judges: c.judges, thresholds: thresholdDefaults(c) }));
      if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else {
        for (const r of rows) {
          const thresholds = Object.entries(r.thresholds)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(', ');
          process.stdout.write(`${r.id.padEnd(40)} ${r.severity.padEnd(9)} ${r.title}${thresholds ? `  [thresholds: ${thresholds}]` : ''}\n`);
        }
      }
    });
}

/** A check's tunable thresholds with their defaults (its params schema applied to nothing). */
export function thresholdDefaults(check: AnyCheck): Record<string, unknown> {
  return check.params ? (check.params.parse({}) as Record<string, unknown>) : {};
}
