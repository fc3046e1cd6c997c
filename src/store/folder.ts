// The folder store: runs are folders under one directory, written by the pipeline in place
// (temporary folder renamed at the end), exactly as before the S3 store existed.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, verifyRun } from '../run/manifest.js';
import type { RunStore, Staging, StoreVerifyResult } from './types.js';

export class FolderRunStore implements RunStore {
  readonly kind = 'folder' as const;
  private readonly dir: string;

  constructor(readonly location: string) {
    this.dir = path.resolve(location);
  }

  async prepare(): Promise<void> {}

  async stage(): Promise<Staging> {
    return { outDir: this.dir, cleanup: () => {} };
  }

  async publish(localRunDir: string): Promise<string> {
    return localRunDir;
  }

  async listRuns(): Promise<string[]> {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((name) => !name.startsWith('.') && statSync(path.join(this.dir, name)).isDirectory() && existsSync(path.join(this.dir, name, MANIFEST_FILE)))
      .sort();
  }

  async fetchRun(runId: string): Promise<string> {
    return path.join(this.dir, runId);
  }

  async verifyRun(runId: string): Promise<StoreVerifyResult> {
    return { ...verifyRun(path.join(this.dir, runId)), location: this.locationOf(runId), complete: true, retention: [] };
  }

  async writeBeside(name: string, body: string): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(path.join(this.dir, name), body);
  }

  locationOf(runId: string): string {
    return path.join(this.location, runId);
  }
}
