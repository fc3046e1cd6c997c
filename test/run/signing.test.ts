// Signing: collect --sign signs manifest.json (Ed25519 PEM or an AWS KMS key through the sandbox's
// real-crypto KMS); verify --key exits 1 when the signature or the files do not match; the pack's
// cover names the signing key's fingerprint.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { main } from '../../src/cli/main.js';
import { silentProgress } from '../../src/cli/progress.js';
import { UserInputError } from '../../src/core/errors.js';
import { runCollection, type RunResult } from '../../src/pipeline/run.js';
import { buildManifest, MANIFEST_FILE } from '../../src/run/manifest.js';
import { checkSignature, fingerprintOf, resolveSigner, verificationKey, type ManifestSignature } from '../../src/run/signing.js';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { demoConfig, demoEnv } from '../../src/sandbox/demo/config.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { extractText, getDocumentProxy } from 'unpdf';

/** The pack's first page (the cover), whitespace removed. */
async function coverText(file: string): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(readFileSync(file))), { mergePages: false });
  return (text as string[])[0]!.replace(/\s+/g, '');
}

const ACCOUNT = '111122223333';
const EC_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/run-signing-ec`;
const RSA_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/run-signing-rsa`;
const SYMMETRIC = `arn:aws:kms:us-east-1:${ACCOUNT}:key/not-for-signing`;

const ed = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let sandbox: SandboxHandle;
let work: string;
const writePem = (name: string, key: typeof ed.publicKey) => {
  const file = path.join(work, name);
  writeFileSync(file, key.export({ type: 'spki', format: 'pem' }));
  return file;
};

async function signedRun(sign: string | true, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const out = mkdtempSync(path.join(work, 'out-'));
  const signer = await resolveSigner(sign, env);
  return runCollection({
    loaded: demoConfig(sandbox.url, out),
    catalog: loadCatalog(),
    only: ['aws.iam.root-mfa', 'github.org.2fa-required'],
    outDir: out,
    env,
    progress: silentProgress,
    now: new Date('2026-11-26T12:00:00Z'),
    tuning: { retryBaseMs: 2 },
    signer,
  });
}

/** `soc2-evidence verify …` in-process: its exit code and what it printed. */
async function verifyCli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'soc2-evidence', 'verify', ...args]);
    return { code, out };
  } finally {
    process.stdout.write = write;
    process.exitCode = undefined;
  }
}

beforeAll(async () => {
  const company = demoCompany();
  const region = company.aws!.accounts.find((a) => a.id === ACCOUNT)!.regions['us-east-1']!;
  region.kms.keys = [
    ...(region.kms.keys ?? []),
    { id: 'run-signing-ec', manager: 'CUSTOMER', spec: 'ECC_NIST_P256', usage: 'SIGN_VERIFY', rotation: false },
    { id: 'run-signing-rsa', manager: 'CUSTOMER', spec: 'RSA_2048', usage: 'SIGN_VERIFY', rotation: false },
    { id: 'not-for-signing', manager: 'CUSTOMER', rotation: true },
  ];
  sandbox = await startSandbox(company);
  work = mkdtempSync(path.join(tmpdir(), 'soc2-signing-'));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
});

describe('collect --sign with an Ed25519 key (SOC2_EVIDENCE_SIGNING_KEY)', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await signedRun(true, { ...demoEnv(sandbox.url), SOC2_EVIDENCE_SIGNING_KEY: pem });
  }, 60_000);

  it('writes manifest.sig with the algorithm, key id, public-key fingerprint and a signature that verifies', () => {
    const sig = JSON.parse(readFileSync(path.join(run.dir, 'manifest.sig'), 'utf8')) as ManifestSignature;
    expect(sig).toMatchObject({ algorithm: 'Ed25519', signed: 'manifest.json', publicKeyFingerprint: fingerprintOf(ed.publicKey) });
    expect(sig.keyId).toBe(`ed25519:${fingerprintOf(ed.publicKey).slice(0, 16)}`);
    expect(checkSignature(run.dir, ed.publicKey)).toMatchObject({ signed: true, valid: true });
  });

  it("the pack's cover says it is signed and by which key fingerprint", async () => {
    const first = await coverText(path.join(run.dir, 'evidence-pack.pdf'));
    expect(first).toContain(`manifest.jsonissigned(manifest.sig)withEd25519key`);
    expect(first).toContain(fingerprintOf(ed.publicKey));
  });

  it('verify --key: 0 when intact and signed by that key; 1 for another key', async () => {
    const good = await verifyCli([run.dir, '--key', writePem('ed.pub.pem', ed.publicKey)]);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/intact[\s\S]*signature: valid/);
    const wrong = await verifyCli([run.dir, '--key', writePem('other.pub.pem', other.publicKey)]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/signature: INVALID — signed by key [0-9a-f]{64}, not by the given key/);
  });

  it('an edited evidence file with recomputed hashes still verifies without a key, but not with it (exit 1)', async () => {
    const dir = mkdtempSync(path.join(work, 'tampered-'));
    const { cpSync } = await import('node:fs');
    cpSync(run.dir, dir, { recursive: true });
    const findings = path.join(dir, 'findings.json');
    writeFileSync(findings, readFileSync(findings, 'utf8').replace(/"status": "fail"/, '"status": "pass"'));
    writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(buildManifest(dir, run.run.runId), null, 2)}\n`);
    expect((await verifyCli([dir])).code).toBe(0); // hashes alone: whoever edits can recompute them
    const checked = await verifyCli([dir, '--key', writePem('ed2.pub.pem', ed.publicKey)]);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/signature: INVALID — the signature does not match manifest.json/);
  });

  it('verify --key on an unsigned run exits 1, saying it is not signed', async () => {
    const out = mkdtempSync(path.join(work, 'unsigned-'));
    const unsigned = await runCollection({
      loaded: demoConfig(sandbox.url, out),
      catalog: loadCatalog(),
      only: ['aws.iam.root-mfa'],
      outDir: out,
      env: demoEnv(sandbox.url),
      progress: silentProgress,
      now: new Date('2026-11-26T12:00:00Z'),
      tuning: { retryBaseMs: 2 },
    });
    const r = await verifyCli([unsigned.dir, '--key', writePem('ed3.pub.pem', ed.publicKey)]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/manifest.sig is missing: the run is not signed/);
    expect(await coverText(path.join(unsigned.dir, 'evidence-pack.pdf'))).toContain('Notsigned');
  }, 60_000);
});

describe('collect --sign kms:KEY_ARN (sandbox KMS with real key material)', () => {
  it.each([
    ['ECC_NIST_P256', EC_KEY, 'ECDSA_SHA_256'],
    ['RSA_2048', RSA_KEY, 'RSASSA_PKCS1_V1_5_SHA_256'],
  ])(
    '%s: signs through kms:Sign, verifies with the public key from kms:GetPublicKey',
    async (_spec, arn, algorithm) => {
      const env = demoEnv(sandbox.url);
      const run = await signedRun(`kms:${arn}`, env);
      const sig = JSON.parse(readFileSync(path.join(run.dir, 'manifest.sig'), 'utf8')) as ManifestSignature;
      expect(sig).toMatchObject({ algorithm, keyId: arn, signed: 'sha256(manifest.json)' });
      const publicKey = await verificationKey(`kms:${arn}`, env);
      expect(checkSignature(run.dir, publicKey)).toMatchObject({ valid: true });
      expect(sandbox.stats.get('aws:kms:Sign')).toBeGreaterThan(0);
      const first = await coverText(path.join(run.dir, 'evidence-pack.pdf'));
      expect(first).toContain(fingerprintOf(publicKey));
      // one changed byte in manifest.json and the signature no longer holds
      const manifest = path.join(run.dir, MANIFEST_FILE);
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"sha256"', '"sha256" '));
      expect(checkSignature(run.dir, publicKey)).toMatchObject({ valid: false, problem: 'the signature does not match manifest.json' });
    },
    60_000,
  );

  it('bad signing input is bad input (exit 2) before anything is collected', async () => {
    const env = demoEnv(sandbox.url);
    await expect(resolveSigner(true, env)).rejects.toThrow(/SOC2_EVIDENCE_SIGNING_KEY/);
    await expect(
      resolveSigner(true, {
        SOC2_EVIDENCE_SIGNING_KEY: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      }),
    ).rejects.toThrow(/holds a rsa key; --sign needs Ed25519/);
    await expect(resolveSigner(`kms:${SYMMETRIC}`, env)).rejects.toThrow(UserInputError);
    await expect(resolveSigner('kms:not-an-arn', env)).rejects.toThrow(/not a KMS key ARN/);
  });
});
