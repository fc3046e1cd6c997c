import type { Command } from 'commander';
import { loadCatalog } from '../../catalog/load.js';
import { ALL_CHECKS } from '../../checks/registry.js';

export function registerControls(program: Command): void {
  const controls = program.command('controls').description('show and validate the control catalog');
  controls
    .command('list')
    .description('list the controls with their SOC 2 criteria and checks')
    .option('--controls <dir>', 'control catalog folder (default: built-in)')
    .option('--json', 'print JSON')
    .action((flags: { controls?: string; json?: boolean }) => {
      const catalog = loadCatalog(flags.controls);
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
    .description('list every check id with what it judges')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const rows = ALL_CHECKS.map((c) => ({ id: c.id, severity: c.severity, title: c.title, judges: c.judges }));
      if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else for (const r of rows) process.stdout.write(`${r.id.padEnd(40)} ${r.severity.padEnd(9)} ${r.title}\n`);
    });
}
