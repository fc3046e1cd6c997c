import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';
import type { AuditPeriod } from '../core/types.js';
import { findCheck, allCheckIds } from '../checks/registry.js';
import {
  awsConfigSchema,
  configSchema,
  controlsConfigSchema,
  githubConfigSchema,
  exceptionSchema,
  peopleConfigSchema,
  serviceAccountSchema,
  type Config,
} from './schema.js';
import { lineOf, parseYamlFile, suggestion, validateYaml, type ParsedYaml } from './yaml-errors.js';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the config file, or `null` for a built-in config (demo). */
  file: string | null;
  /** Folder relative paths in the config resolve against. */
  baseDir: string;
  /** SHA-256 of the config as written (recorded in run.json). */
  digest: string;
}

const KNOWN_KEYS: Record<string, string[]> = {
  '': Object.keys(configSchema.shape),
  aws: Object.keys(awsConfigSchema.shape),
  github: Object.keys(githubConfigSchema.shape),
  period: ['start', 'end'],
  controls: Object.keys(controlsConfigSchema.shape),
  people: Object.keys(peopleConfigSchema.shape),
  idp: [
    'provider',
    'orgUrl',
    'clientId',
    'domain',
    'customerId',
    'adminEmail',
    'apiUrl',
    'tokenUrl',
    'tenantId',
    'authorityUrl',
    'format',
    'file',
    'mfaEnforced',
    'host',
  ],
};
KNOWN_KEYS['idp.mfaEnforced'] = ['value', 'declaredBy', 'evidence', 'reason'];
for (let i = 0; i < 1000; i++) KNOWN_KEYS[`exceptions.${i}`] = Object.keys(exceptionSchema.shape);
for (let i = 0; i < 1000; i++) KNOWN_KEYS[`people.serviceAccounts.${i}`] = Object.keys(serviceAccountSchema.shape);

export function loadConfigFile(file: string, now: Date = new Date()): LoadedConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserInputError(
      code === 'ENOENT'
        ? "config file not found (create one from the README's example, or pass --config FILE)"
        : `cannot read config file (${code ?? String(err)})`,
      file,
    );
  }
  return parseConfigText(text, file, path.dirname(absolute), absolute, now);
}

export function parseConfigText(text: string, displayName: string, baseDir: string, absolute: string | null = null, now: Date = new Date()): LoadedConfig {
  const parsed = parseYamlFile(text, displayName);
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    throw new UserInputError('expected a YAML mapping with at least "organization:"', displayName, 1);
  }
  const config = validateYaml(configSchema, parsed, displayName, KNOWN_KEYS);
  crossValidate(config, parsed, displayName);
  // An audit period that has not started has nothing to judge: every control would rest on nothing.
  const today = now.toISOString().slice(0, 10);
  if (config.period && config.period.start > today) {
    throw new UserInputError(
      `period.start ${config.period.start} is in the future (today is ${today}, UTC): an audit period must have started`,
      displayName,
      lineOf(parsed, ['period', 'start']),
    );
  }
  return { config, file: absolute, baseDir, digest: createHash('sha256').update(text).digest('hex') };
}

/** Checks the parts zod cannot: check ids in exceptions and thresholds, and threshold values. */
function crossValidate(config: Config, parsed: ParsedYaml, file: string): void {
  const ids = allCheckIds();
  config.exceptions.forEach((exception, i) => {
    if (!findCheck(exception.check)) {
      const hint = suggestion(exception.check, ids);
      throw new UserInputError(
        `exception names unknown check "${exception.check}"${hint ? ` (did you mean "${hint}"?)` : ''}; run "soc2-evidence controls checks" for the catalog`,
        file,
        lineOf(parsed, ['exceptions', i, 'check']),
      );
    }
  });
  for (const [checkId, params] of Object.entries(config.checks)) {
    const check = findCheck(checkId);
    if (!check) {
      const hint = suggestion(checkId, ids);
      throw new UserInputError(
        `"checks" names unknown check "${checkId}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
        file,
        lineOf(parsed, ['checks', checkId]),
      );
    }
    if (!check.params) {
      throw new UserInputError(`check "${checkId}" takes no parameters`, file, lineOf(parsed, ['checks', checkId]));
    }
    const result = check.params.safeParse(params);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new UserInputError(
        `"checks.${checkId}${issue.path.length ? `.${issue.path.join('.')}` : ''}": ${issue.message}`,
        file,
        lineOf(parsed, ['checks', checkId, ...(issue.path as PropertyKey[])]),
      );
    }
  }
}

/** The audit period: as configured, else the 90 days up to and including the run's day. */
export function resolvePeriod(config: Config, now: Date): AuditPeriod {
  if (config.period) return config.period;
  const end = now.toISOString().slice(0, 10);
  const start = new Date(now.getTime() - 89 * 86_400_000).toISOString().slice(0, 10);
  return { start, end };
}

/** Parameters for one check: its defaults merged with `checks.<id>` (already validated at load). */
export function checkParams(config: Config, checkId: string): unknown {
  const check = findCheck(checkId);
  if (!check?.params) return {};
  return check.params.parse(config.checks[checkId] ?? {});
}
