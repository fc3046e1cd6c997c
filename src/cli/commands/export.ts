// `export`: the auditor bundle for a period (src/export/). Reads stored runs only.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfigFile, type LoadedConfig } from '../../config/load.js';
import { UserInputError } from '../../core/errors.js';
import type { AuditPeriod } from '../../core/types.js';

interface ExportFlags {
  runs: string;
  period?: string;
  sample?: boolean;
  seed?: string;
  config: string;
  force?: boolean;
  out: string;
  json?: boolean;
}

const DEFAULT_CONFIG = 'soc2-evidence.yaml';

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new UserInputError(`--seed takes a whole number from 0 to 4294967295, not "${value}"`);
  return Number(value);
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'bundle every complete run of an audit period into one deterministic zip for the ' +
        'auditor: the runs unchanged, a period overview PDF, merged populations with IPE ' +
        'files, optional samples, OSCAL assessment results and a manifest (no API calls)',
    )
    .option('--runs <dir|s3://bucket/prefix>', 'where the runs are: the folder or S3 prefix collect writes them to', 'reports')
    .option('--period <start..end>', 'the audit period, e.g. 2026-01-01..2026-12-31 (default: "period" in the config)')
    .option('--sample', 'draw a reproducible random sample of each population (period/samples/)')
    .option('--seed <n>', 'seed for --sample (default: a random seed, recorded in the bundle)')
    .option('-c, --config <file>', 'configuration file (audit period, export.sampleSizes)', DEFAULT_CONFIG)
    .option('--force', 'include runs whose manifest does not verify (the override is recorded in the bundle)')
    .requiredOption('-o, --out <file.zip>', 'the bundle to write')
    .option('--json', 'print a JSON summary')
    .action(async (flags: ExportFlags) => {
      const { parsePeriod } = await import('../../export/period.js');
      const period: AuditPeriod | undefined = flags.period !== undefined ? parsePeriod(flags.period) : undefined;
      const seed = flags.seed !== undefined ? parseSeed(flags.seed) : undefined;
      let loaded: LoadedConfig | null = null;
      if (flags.config !== DEFAULT_CONFIG || existsSync(DEFAULT_CONFIG)) loaded = loadConfigFile(flags.config);
      const chosen = period ?? loaded?.config.period;
      if (!chosen)
        throw new UserInputError(
          loaded
            ? `${flags.config} has no "period": pass --period START..END`
            : `no config file (${flags.config}) to take the audit period from: pass --period START..END`,
        );
      const [{ folderRunSource, storeRunSource }, { writeExportBundle, TamperedRunError }, { DEFAULT_SAMPLE_SIZES }] = await Promise.all([
        import('../../export/runs.js'),
        import('../../export/bundle.js'),
        import('../../export/sample.js'),
      ]);
      const sampling = flags.sample || seed !== undefined;
      const sample = sampling ? { seed: seed ?? randomInt(0, 0xffffffff), sizes: loaded?.config.export?.sampleSizes ?? DEFAULT_SAMPLE_SIZES } : undefined;
      // An S3 run store (--runs s3://BUCKET/PREFIX) is read through local copies of the runs the bundle needs.
      const scratch = flags.runs.startsWith('s3://') ? mkdtempSync(path.join(tmpdir(), 'soc2-export-')) : undefined;
      try {
        const source = scratch
          ? storeRunSource((await import('../../store/index.js')).openRunStore(flags.runs, { env: process.env }), scratch)
          : folderRunSource(flags.runs);
        const summary = await writeExportBundle({
          source,
          period: chosen,
          out: flags.out,
          ...(flags.force ? { force: true } : {}),
          ...(sample ? { sample } : {}),
        });
        if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else {
          const populations = summary.populations.map(
            (p) => `${p.name.replace(/\.csv$/, '')} ${p.rows}${p.sample !== undefined ? ` (sample ${p.sample})` : ''}`,
          );
          const lines = [
            `Period ${chosen.start}..${chosen.end}: ${summary.runs.length} runs (` +
              `${summary.runs[0]} to ${summary.runs[summary.runs.length - 1]})` +
              `${summary.monthsWithoutRun.length ? `; no run in ${summary.monthsWithoutRun.join(', ')}` : ''}`,
            `Gaps: ${summary.gaps.episodes} over the period, ${summary.gaps.stillOpen} still open; overview ${summary.pages} pages`,
            `Populations: ${populations.join(', ')}`,
            ...(sample ? [`Samples drawn with seed ${sample.seed}`] : []),
            ...(summary.overrides.length
              ? [
                  `--force: included ${summary.overrides.join(', ')} although ` +
                    `${summary.overrides.length === 1 ? 'its manifest does' : 'their manifests do'} not verify (recorded in the bundle)`,
                ]
              : []),
            `Check it with: soc2-evidence verify ${flags.out}`,
          ];
          process.stderr.write(`${lines.join('\n')}\n`);
          process.stdout.write(`${flags.out}\n`);
        }
        process.exitCode = 0;
      } catch (err) {
        if (err instanceof TamperedRunError) {
          process.stderr.write(`error: ${err.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw err;
      } finally {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      }
    });
}
