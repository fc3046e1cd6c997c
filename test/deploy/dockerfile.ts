// Replays a Dockerfile's stages on this machine, for hosts without a Docker engine: each stage gets its
// own folder standing for its filesystem root, and absolute paths in WORKDIR, COPY and RUN are mapped
// into it. Only the instructions our Dockerfile uses are understood; anything else fails the replay.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export interface Instruction {
  op: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

/** Instructions grouped by stage; continuation lines joined, comments and parser directives dropped. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start + 1}: cannot read "${line}"`);
    const op = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile line ${start + 1}: cannot read FROM ${args}`);
      stages.push({ image: from[1]!, name: from[2] ?? String(stages.length), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${start + 1}: ${op} before FROM`);
    stage.instructions.push({ op, args, line: start + 1 });
  }
  return stages;
}

export interface ReplayOptions {
  /** The build context (the repository). */
  context: string;
  /** Folder under which each stage's root is made. */
  root: string;
  /** Environment for RUN commands (the stage's ENV is added). */
  env: NodeJS.ProcessEnv;
  /** A RUN this host should do differently (e.g. reuse an installed node_modules); return true when handled. */
  substitute?: (stage: Stage, command: string, cwd: string) => boolean;
}

export interface ReplayResult {
  stageRoot: (name: string) => string;
  /** The final stage's USER, WORKDIR (as a host path), ENTRYPOINT and CMD. */
  user: string;
  workdir: string;
  entrypoint: string[];
  cmd: string[];
}

/** Absolute paths in a shell command, mapped into the stage root. */
const mapPaths = (command: string, stageRoot: string) =>
  command.replace(/(^|[\s=])(\/[A-Za-z0-9._*/-]*)/g, (_m, pre: string, p: string) => pre + path.join(stageRoot, p));

export function replay(stages: Stage[], options: ReplayOptions): ReplayResult {
  const roots = new Map<string, string>();
  let last: ReplayResult | undefined;
  for (const stage of stages) {
    const stageRoot = path.join(options.root, stage.name);
    for (const dir of ['tmp', 'usr/local/bin', 'root', 'home/node']) mkdirSync(path.join(stageRoot, dir), { recursive: true });
    roots.set(stage.name, stageRoot);
    const env: NodeJS.ProcessEnv = { ...options.env };
    let cwd = stageRoot;
    let user = 'root';
    let entrypoint: string[] = [];
    let cmd: string[] = [];
    for (const ins of stage.instructions) {
      const where = `Dockerfile line ${ins.line}`;
      switch (ins.op) {
        case 'WORKDIR':
          cwd = path.join(stageRoot, ins.args);
          mkdirSync(cwd, { recursive: true });
          break;
        case 'ENV':
          for (const m of ins.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(\S+)/g)) env[m[1]!] = m[2]!;
          break;
        case 'USER':
          user = ins.args;
          break;
        case 'ENTRYPOINT':
          entrypoint = JSON.parse(ins.args) as string[];
          break;
        case 'CMD':
          cmd = JSON.parse(ins.args) as string[];
          break;
        case 'COPY': {
          const words = ins.args.split(/\s+/);
          const from = words[0]!.startsWith('--from=') ? words.shift()!.slice('--from='.length) : undefined;
          const dest = words.pop()!;
          const destPath = dest.startsWith('/') ? path.join(stageRoot, dest) : path.join(cwd, dest);
          for (const src of words) {
            const srcRoot = from === undefined ? options.context : roots.get(from);
            if (!srcRoot) throw new Error(`${where}: COPY --from=${from}: no such stage`);
            const srcPath = path.join(srcRoot, src);
            if (!existsSync(srcPath)) throw new Error(`${where}: COPY ${src}: not found in ${from ?? 'the build context'}`);
            // Docker copies a directory's contents; a file lands in a destination ending in '/' by its name.
            const target = statSync(srcPath).isDirectory() || !dest.endsWith('/') ? destPath : path.join(destPath, path.basename(src));
            mkdirSync(statSync(srcPath).isDirectory() ? target : path.dirname(target), { recursive: true });
            cpSync(srcPath, target, { recursive: true });
          }
          break;
        }
        case 'RUN': {
          const command = ins.args.replace(/^(--mount=\S+\s+)+/, '');
          if (options.substitute?.(stage, command, cwd)) break;
          try {
            execFileSync('sh', ['-c', mapPaths(command, stageRoot)], { cwd, env, stdio: 'pipe', encoding: 'utf8' });
          } catch (err) {
            const e = err as { stderr?: string; stdout?: string };
            throw new Error(`${where}: RUN ${command} failed:\n${e.stderr || e.stdout || String(err)}`);
          }
          break;
        }
        default:
          throw new Error(`${where}: ${ins.op} is not understood by this replay`);
      }
    }
    last = { stageRoot: (name) => roots.get(name)!, user, workdir: cwd, entrypoint, cmd };
  }
  if (!last) throw new Error('the Dockerfile has no stage');
  return last;
}

export const readDockerfile = (file: string) => parseDockerfile(readFileSync(file, 'utf8'));

/** Link a host folder in place of one a RUN would create (used for the build stage's full `npm ci`). */
export function linkInstead(existing: string, at: string): void {
  symlinkSync(existing, at, 'dir');
}
