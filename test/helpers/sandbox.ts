// Run the real pipeline (real SDK clients over real HTTP) against a sandbox company.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog, scopeCatalog } from '../../src/catalog/load.js';
import { silentProgress } from '../../src/cli/progress.js';
import type { LoadedConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { Finding } from '../../src/core/types.js';
import { runCollection, type RunResult } from '../../src/pipeline/run.js';
import type { SandboxCompany } from '../../src/sandbox/company.js';
import { demoEnv } from '../../src/sandbox/demo/config.js';
import type { SandboxFaults } from '../../src/sandbox/http.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';

export interface SandboxRunOptions {
  /** The config (organization, sections…); `sandboxUrl` lets sections point at the server. */
  config: (sandboxUrl: string) => Omit<Config, 'checks' | 'exceptions'> & Partial<Pick<Config, 'checks' | 'exceptions'>>;
  faults?: SandboxFaults;
  only?: string[];
  env?: (sandboxUrl: string) => NodeJS.ProcessEnv;
  now?: Date;
}

export interface SandboxRun extends RunResult {
  sandbox: SandboxHandle;
  /** Findings of one check, keyed by resource id. */
  byCheck(checkId: string): Map<string, Finding>;
  cleanup(): Promise<void>;
}

/** Fixed reference time for tests: the demo's "today". */
export const TEST_NOW = new Date('2026-11-26T12:00:00Z');

export async function runAgainstSandbox(company: SandboxCompany, options: SandboxRunOptions): Promise<SandboxRun> {
  const sandbox = await startSandbox(company, options.faults ? { faults: options.faults } : {});
  const outDir = mkdtempSync(path.join(tmpdir(), 'soc2-run-'));
  try {
    const config = { checks: {}, exceptions: [], ...options.config(sandbox.url) } as Config;
    const loaded: LoadedConfig = { config, file: null, baseDir: outDir, digest: 'test' };
    const result = await runCollection({
      loaded,
      catalog: scopeCatalog(loadCatalog(), config.controls?.categories),
      ...(options.only ? { only: options.only } : {}),
      outDir,
      env: options.env?.(sandbox.url) ?? demoEnv(sandbox.url),
      progress: silentProgress,
      now: options.now ?? TEST_NOW,
      tuning: { retryBaseMs: 2 },
    });
    return {
      ...result,
      sandbox,
      byCheck: (checkId) => new Map(result.findings.filter((f) => f.checkId === checkId).map((f) => [f.resource.id, f])),
      cleanup: async () => {
        await sandbox.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sandbox.close();
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
}
