// The image build without a Docker engine: replay the Dockerfile's stages (build, npm pack, the runtime
// stage's `npm ci --omit=dev` from the lock file), then run the image's ENTRYPOINT with `--help` and `demo`
// from that install. A Dockerfile that forgets a file, a `files` list that leaves out something the CLI
// needs at run time, or a runtime dependency listed under devDependencies fails here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDockerfile, replay, type ReplayResult } from './dockerfile.js';

const repo = path.resolve(import.meta.dirname, '../..');
const stages = readDockerfile(path.join(repo, 'Dockerfile'));

describe('Dockerfile', () => {
  it('builds on Node 22 LTS slim in two stages and runs as a non-root user', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const s of stages) expect(s.image).toMatch(/^node:22(\.\d+)*-[a-z]+-slim$/);
    const runtime = stages[1]!.instructions;
    const users = runtime.filter((i) => i.op === 'USER');
    expect(users.at(-1)?.args).toBe('node');
    expect(runtime.find((i) => i.op === 'ENTRYPOINT')?.args).toBe('["soc2-evidence"]');
    expect(runtime.some((i) => i.op === 'RUN' && /\bnpm ci\b.*--omit=dev/.test(i.args))).toBe(true);
  });

  it('copies from the build context only what .dockerignore lets in', () => {
    const allowed = readFileSync(path.join(repo, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1).replace(/\/\*\*$/, ''));
    const copied = stages.flatMap((s) =>
      s.instructions.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from=')).flatMap((i) => i.args.split(/\s+/).slice(0, -1)),
    );
    expect(copied.length).toBeGreaterThan(0);
    for (const src of copied) expect(allowed, `${src} is copied but excluded by .dockerignore`).toContain(src);
  });
});

describe('the image, installed the way the Dockerfile installs it', () => {
  let root: string;
  let image: ReplayResult;
  let bin: string;
  const env = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
  };

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'soc2-image-'));
    image = replay(stages, {
      context: repo,
      root,
      env,
      // The build stage's full `npm ci` would install the same lock file this checkout already installed.
      substitute: (stage, command, cwd) => {
        if (stage.name !== 'build' || !/^npm ci\b/.test(command) || /--omit=dev/.test(command)) return false;
        symlinkSync(path.join(repo, 'node_modules'), path.join(cwd, 'node_modules'), 'dir');
        return true;
      },
    });
    bin = path.join(image.stageRoot('runtime'), 'usr/local/bin', image.entrypoint[0]!);
  }, 300_000);
  afterAll(() => rm(root, { recursive: true, force: true }), 300_000);

  it('ships only what runs: no sources, tests or dev dependencies', () => {
    const app = path.join(image.stageRoot('runtime'), 'opt/soc2-evidence');
    const top = readdirSync(app).sort();
    expect(top).toEqual(expect.arrayContaining(['README.md', 'controls', 'dist', 'node_modules', 'package.json', 'policy']));
    for (const absent of ['src', 'test', 'bench', 'deploy', 'tsconfig.json']) expect(top).not.toContain(absent);
    for (const dev of ['typescript', 'vitest', 'aws-cdk-lib', 'tsx']) expect(existsSync(path.join(app, 'node_modules', dev)), dev).toBe(false);
    expect(realpathSync(bin)).toBe(path.join(app, 'dist/cli/bin.js'));
  });

  it('runs --help from the installed image', () => {
    const r = spawnSync(bin, ['--help'], { cwd: image.workdir, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/collect/);
    expect(r.stdout).toMatch(/demo/);
  });

  it('runs the demo from the installed image and writes a complete run', () => {
    const r = spawnSync(bin, ['demo', '--out', 'runs'], { cwd: image.workdir, env, encoding: 'utf8', timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const runDir = r.stdout.trim().split('\n').at(-1)!;
    const files = readdirSync(path.resolve(image.workdir, runDir));
    expect(files).toEqual(expect.arrayContaining(['manifest.json', 'run.json', 'gaps.md', 'evidence-pack.pdf']));
  }, 240_000);
});
