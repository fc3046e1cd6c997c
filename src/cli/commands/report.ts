import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { compareRuns, describeChanges, type FailOnPolicy } from '../../reports/diff.js';
import { MANIFEST_FILE, buildManifest, isIntact, verifyRun } from '../../run/manifest.js';
import { readRun } from '../../run/record.js';
import { isS3Location, withLocalRun } from '../../store/index.js';

export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('rebuild every report of a stored run (gap list, evidence pack, manifest) from its findings and evidence; no API calls')
    .argument('<run-dir>', 'a run folder, e.g. reports/2026-11-26T145000Z, or a stored run s3://BUCKET/PREFIX/RUN_ID')
    .option(
      '--force',
      'rebuild even when manifest.json is missing or the files do not match it; the rebuild is recorded in report-rebuild.json and shown in the pack',
    )
    .option('--sign [key]', 'sign the rebuilt manifest.json (as collect --sign); without it a previous manifest.sig is removed, since it no longer matches')
    .option('-o, --out <dir>', 'for an s3:// run: the folder it is copied to and rebuilt in (the stored run is never rewritten)', 'reports')
    .action(async (location: string, flags: { force?: boolean; sign?: string | true; out?: string }) => {
      const copy = isS3Location(location) ? await (await import('./stored-run.js')).copyStoredRun(location, flags.out ?? 'reports') : undefined;
      const dir = copy?.dir ?? location;
      try {
        const record = readRun(dir);
        // Never re-seal a changed run silently: refused, or with --force recorded in the run and the pack.
        const { guardRebuild, readRebuilds } = await import('../../run/rebuild.js');
        const signing = await import('../../run/signing.js');
        const signer = flags.sign ? await signing.resolveSigner(flags.sign, process.env) : undefined;
        guardRebuild(dir, flags.force === true);
        const { writeReports } = await import('../../reports/index.js');
        const failOn = recordedFailOn(dir);
        await writeReports(record, {
          previousRunsDir: copy?.previousRunsDir ?? path.dirname(path.resolve(dir)),
          rebuilds: readRebuilds(dir),
          ...(signer ? { signing: signer.identity } : {}),
          ...(failOn ? { failOn } : {}),
        });
        writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(buildManifest(dir, record.run.runId), null, 2)}\n`);
        const signature = path.join(dir, signing.SIGNATURE_FILE);
        if (signer) await signing.signRun(dir, signer);
        else if (existsSync(signature)) {
          rmSync(signature);
          process.stderr.write(`${signing.SIGNATURE_FILE} removed: it signed the previous manifest; pass --sign to sign the rebuilt one\n`);
        }
        process.stdout.write(`${dir}\n`);
      } finally {
        copy?.cleanup();
      }
    });

  program
    .command('diff')
    .description('what changed between two runs: new gaps, resolved, still open (keyed by check and resource)')
    .argument('<old-run-dir>', 'the earlier run folder (or s3://BUCKET/PREFIX/RUN_ID)')
    .argument('<new-run-dir>', 'the later run folder (or s3://BUCKET/PREFIX/RUN_ID)')
    .option('--json', 'print the change as JSON (same shape as "changes" in gaps.json)')
    .action(async (oldLocation: string, newLocation: string, flags: { json?: boolean }) => {
      const files = ['run.json', 'findings.json', 'gaps.json'];
      const { newer, changes } = await withLocalRun(
        oldLocation,
        (oldDir) =>
          withLocalRun(
            newLocation,
            (newDir) => {
              const older = readRun(oldDir);
              const newer = readRun(newDir);
              if (older.run.startedAt > newer.run.startedAt) {
                process.stderr.write(
                  `warning: ${oldLocation} (${older.run.startedAt}) is later than ${newLocation} (` +
                    `${newer.run.startedAt}); the order is OLD NEW, so "new" and "resolved" below are reversed. Swap the arguments.\n`,
                );
              }
              return { newer, changes: compareRuns(newer, older) };
            },
            files,
          ),
        files,
      );
      if (flags.json) process.stdout.write(`${JSON.stringify(changes, null, 2)}\n`);
      else process.stdout.write(`${describeChanges(changes, { runId: newer.run.runId, date: newer.run.startedAt.slice(0, 10) }).join('\n')}\n`);
    });

  program
    .command('verify')
    .description(
      "recompute every SHA-256 in a run's manifest.json (or, for an export bundle FILE.zip, " +
        "in bundle-manifest.json and every run's manifest) and report files added, removed or " +
        'changed, evidence files not named by their hash and symlinks; with --key also check ' +
        'manifest.sig (exit 0 intact, 1 changed or signature invalid, 2 not a run folder)',
    )
    .argument(
      '<run-dir>',
      "a run folder, an export bundle FILE.zip, or a stored run s3://BUCKET/PREFIX/RUN_ID (each object's Object Lock retention is printed too)",
    )
    .option('--key <key>', "also check manifest.sig: the signer's public key (PEM file) or kms:KEY_ARN; exit 1 when the signature does not match")
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, flags: { json?: boolean; key?: string }) => {
      if (dir.toLowerCase().endsWith('.zip')) {
        const { verifyBundleCommand } = await import('./verify-bundle.js');
        process.exitCode = await verifyBundleCommand(dir, flags.json === true);
        return;
      }
      if (isS3Location(dir)) {
        const { verifyStoredRun } = await import('./stored-run.js');
        process.exitCode = await verifyStoredRun(dir, flags);
        return;
      }
      const result = verifyRun(dir);
      const signature = await signatureStatus(dir, flags.key);
      const intact = isIntact(result) && (flags.key === undefined || signature.valid);
      if (flags.json) process.stdout.write(`${JSON.stringify({ intact, ...result, signature }, null, 2)}\n`);
      else {
        const lines = isIntact(result)
          ? [`${dir}: intact — ${result.matched} files match manifest.json (run ${result.runId}).`]
          : [
              `${dir}: NOT intact — ${result.changed.length} changed, ${result.added.length} ` +
                `added, ${result.removed.length} removed, ${result.misnamed.length} misnamed, ` +
                `${result.symlinks.length} symlinks (${result.matched} files match).`,
              ...result.changed.map((c) => `changed  ${c.file}  (manifest ${c.expected}, now ${c.actual})`),
              ...result.added.map((f) => `added    ${f}`),
              ...result.removed.map((f) => `removed  ${f}`),
              ...result.misnamed.map((f) => `misnamed ${f}  (an evidence file's name must be the SHA-256 of its content)`),
              ...result.symlinks.map((f) => `symlink  ${f}  (a run holds only its own files)`),
            ];
        process.stdout.write(`${[...lines, signature.line].join('\n')}\n`);
      }
      process.exitCode = intact ? 0 : 1;
    });
}

/** What `verify` says about manifest.sig: checked against --key, or only named when no key is given. */
async function signatureStatus(
  dir: string,
  key: string | undefined,
): Promise<{ signed: boolean; valid: boolean; keyFingerprint?: string; problem?: string; line: string }> {
  const { checkSignature, readSignature, verificationKey } = await import('../../run/signing.js');
  if (key === undefined) {
    const sig = readSignature(dir);
    return sig
      ? {
          signed: true,
          valid: false,
          keyFingerprint: sig.publicKeyFingerprint,
          line:
            `signature: manifest.sig by ${sig.algorithm} key ${sig.keyId} (fingerprint ` +
            `${sig.publicKeyFingerprint}); not checked: pass --key PUBLIC.pem or --key kms:ARN`,
        }
      : { signed: false, valid: false, line: 'signature: none (the run is not signed)' };
  }
  const check = checkSignature(dir, await verificationKey(key, process.env));
  const fingerprint = check.signature?.publicKeyFingerprint;
  return {
    signed: check.signed,
    valid: check.valid,
    ...(fingerprint ? { keyFingerprint: fingerprint } : {}),
    ...(check.problem ? { problem: check.problem } : {}),
    line: check.valid
      ? `signature: valid — manifest.json signed by ${check.signature!.algorithm} key ${check.signature!.keyId} (fingerprint ${fingerprint})`
      : `signature: INVALID — ${check.problem}`,
  };
}

/** The --fail-on policy the run was collected under (its gaps.json), kept when its reports are rebuilt. */
function recordedFailOn(dir: string): FailOnPolicy | undefined {
  try {
    const { failOn } = JSON.parse(readFileSync(path.join(dir, 'gaps.json'), 'utf8')) as { failOn?: FailOnPolicy };
    return failOn ? { mode: failOn.mode, ...(failOn.demo ? { demo: true as const } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
