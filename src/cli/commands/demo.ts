import type { Command } from 'commander';
import { parseShard } from '../../pipeline/shard.js';
import { addCollectFlags, collectWith, failOnExitCode, type CollectFlags } from './collect.js';

export function registerDemo(program: Command): void {
  addCollectFlags(program.command('demo'))
    .description('audit the built-in sandbox company (Kestrel Data, Inc.) over the real AWS/GitHub/IdP protocols: no credentials needed; its gaps are deliberate')
    .action(async (flags: CollectFlags) => {
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
        const result = await collectWith(loaded, flags, { ...process.env, ...demoEnv(sandbox.url) }, process.env);
        // The demo's gaps are deliberate: a completed run is a success, unless --fail-on asks otherwise.
        process.exitCode = flags.failOn ? failOnExitCode(result, flags.failOn) : 0;
      } finally {
        await sandbox.close();
      }
    });
}
