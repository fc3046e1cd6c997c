import type { Command } from 'commander';
import { UserInputError } from '../../core/errors.js';
import { addCollectFlags, collectWith, failOnExitCode, printSummary, type CollectFlags } from './collect.js';

export function registerDemo(program: Command): void {
  addCollectFlags(program.command('demo'), { config: false })
    .description('audit the built-in sandbox company (Kestrel Data, Inc.) over the real AWS/GitHub/IdP protocols: no credentials needed; its gaps are deliberate')
    .action(async (flags: CollectFlags) => {
      if (flags.config !== undefined) {
        throw new UserInputError('demo audits the built-in sandbox company with its own configuration; --config belongs to "collect" (your company)');
      }
      const [{ demoCompany }, { demoConfig, demoEnv }, { startSandbox }] = await Promise.all([
        import('../../sandbox/demo/company.js'),
        import('../../sandbox/demo/config.js'),
        import('../../sandbox/server.js'),
      ]);
      const sandbox = await startSandbox(demoCompany());
      try {
        const loaded = demoConfig(sandbox.url, process.cwd());
        const result = await collectWith(loaded, flags, { ...process.env, ...demoEnv(sandbox.url) });
        // The demo's gaps are deliberate: a completed run is a success, unless --fail-on asks otherwise.
        process.exitCode = flags.failOn ? failOnExitCode(result, flags.failOn) : 0;
        printSummary(result, flags.json === true, process.exitCode);
      } finally {
        await sandbox.close();
      }
    });
}
