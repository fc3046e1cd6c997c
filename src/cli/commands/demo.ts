import type { Command } from 'commander';
import { UserInputError } from '../../core/errors.js';
import { parseShard } from '../../pipeline/shard.js';
import { failOnPolicy } from '../../reports/diff.js';
import { addCollectFlags, collectWith, type CollectFlags } from './collect.js';
import { parseHistoryMonths, writeDemoHistory } from './demo-history.js';

async function demoHistory(value: string, out: string): Promise<void> {
  const { HISTORY_MAX_MONTHS } = await import('../../sandbox/demo/history.js');
  const months = parseHistoryMonths(value, HISTORY_MAX_MONTHS);
  const { period } = await writeDemoHistory({
    months,
    outDir: out,
    onRun: (r) =>
      process.stderr.write(
        `${r.run.runId}: ${r.run.counts.controls.met} met, ${r.run.counts.controls.gap} gap, ${r.run.counts.findings.fail} failing findings\n`,
      ),
  });
  process.stderr.write(`Next: soc2-evidence export --runs ${out} --period ${period.start}..${period.end} --sample --out audit-${period.start}.zip\n`);
  process.stdout.write(`${out}\n`);
  process.exitCode = 0;
}

export function registerDemo(program: Command): void {
  addCollectFlags(program.command('demo'), { config: false })
    .description(
      'audit the built-in sandbox company (Kestrel Data, Inc.) over the real AWS/GitHub/IdP protocols: no credentials needed; its gaps are deliberate',
    )
    .option(
      '--history <months>',
      'write N monthly runs instead (as of the first of each of the last N months) whose state changes month to month, ready for "export"',
    )
    .action(async (flags: CollectFlags & { history?: string }) => {
      if (flags.config !== undefined) {
        throw new UserInputError('demo audits the built-in sandbox company with its own configuration; --config belongs to "collect" (your company)');
      }
      if (flags.history !== undefined) {
        await demoHistory(flags.history, flags.out ?? 'reports');
        return;
      }
      if (flags.shard) parseShard(flags.shard);
      const [{ demoCompany }, { demoConfig, demoEnv }, { startSandbox }] = await Promise.all([
        import('../../sandbox/demo/company.js'),
        import('../../sandbox/demo/config.js'),
        import('../../sandbox/server.js'),
      ]);
      const sandbox = await startSandbox(demoCompany());
      try {
        const loaded = demoConfig(sandbox.url, process.cwd());
        // Collect from the sandbox; store with the user's own environment (an s3:// --out is real S3).
        // The demo's gaps are deliberate: a completed run is a success, unless --fail-on asks otherwise.
        const result = await collectWith(loaded, flags, { ...process.env, ...demoEnv(sandbox.url) }, process.env, failOnPolicy(flags.failOn, true));
        process.exitCode = result.exitCode;
      } finally {
        await sandbox.close();
      }
    });
}
