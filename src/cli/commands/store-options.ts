// `--out`, `--retain-days`, `--lock-mode` and `--notify` (with the config's `store:` and `notify:`),
// shared by `collect`, `demo` and `merge`: where the run is stored and who hears about it.
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { LoadedConfig } from '../../config/load.js';
import { UserInputError } from '../../core/errors.js';
import { resolveTargets, type NotifyTarget } from '../../notify/targets.js';
import { isS3Location, openRunStore, type LockMode, type RunStore } from '../../store/index.js';

export interface StoreFlags {
  out?: string;
  retainDays?: string;
  lockMode?: LockMode;
  notify?: string[];
}

export function addStoreFlags(command: Command): Command {
  return command
    .option(
      '--retain-days <days>',
      'S3 Object Lock: keep every object of the stored run unchangeable for this many days (overrides store.retainDays; s3:// output only)',
    )
    .addOption(
      new Option('--lock-mode <mode>', 'S3 Object Lock mode with a retention (overrides store.lockMode; default COMPLIANCE)').choices([
        'COMPLIANCE',
        'GOVERNANCE',
      ]),
    )
    .option(
      '--notify <url>',
      'post the run summary here once stored (repeatable): a Slack incoming-webhook ' +
        'URL gets a Slack message, any other URL a JSON body; env:NAME reads the ' +
        'URL from the environment, slack:URL forces the Slack format',
      (value: string, previous: string[] = []) => [...previous, value],
    );
}

/** Open the store `--out` names and resolve notification targets; nothing is written yet. */
export function storeFor(loaded: LoadedConfig, flags: StoreFlags, env: NodeJS.ProcessEnv): { store: RunStore; targets: NotifyTarget[] } {
  const out = flags.out ?? 'reports';
  const configFile = loaded.file ? path.relative(process.cwd(), loaded.file) || loaded.file : undefined;
  let days = loaded.config.store?.retainDays;
  if (flags.retainDays !== undefined) {
    days = Number(flags.retainDays);
    if (!Number.isInteger(days) || days < 1 || days > 36500)
      throw new UserInputError(`--retain-days expects a whole number of days from 1 to 36500, not "${flags.retainDays}"`);
    if (!isS3Location(out))
      throw new UserInputError('--retain-days applies to runs stored in S3 (--out s3://BUCKET/PREFIX); a local folder has no Object Lock');
  }
  const mode: LockMode = flags.lockMode ?? loaded.config.store?.lockMode ?? 'COMPLIANCE';
  const store = openRunStore(out, { env, ...(days && isS3Location(out) ? { retention: { days, mode } } : {}) });
  return { store, targets: resolveTargets(flags.notify ?? [], loaded.config.notify, env, configFile) };
}
