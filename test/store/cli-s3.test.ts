// The monthly run, unattended, end to end: `demo --out s3://…` against the sandbox's S3 with Object
// Lock, a second run that finds "0 new, 0 resolved", verify passing then failing after one object
// changed, notifications received (and one failing without changing anything), bad input refused.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { storeCompany, storeEnv } from '../../src/sandbox/store-company.js';
import { storeClient } from '../../src/store/s3.js';
import { runCli } from '../helpers/cli.js';

let sandbox: SandboxHandle;
let hook: Server;
let hookUrl: string;
let downUrl: string;
const received: Array<{ path: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  sandbox = await startSandbox(storeCompany([{ name: 'evidence', objectLock: {} }, { name: 'plain' }]));
  hook = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  const down = createServer();
  await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
  downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}/gone`;
  await new Promise((r) => down.close(r));
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((r) => hook.close(r));
});

describe('demo --out s3://…', () => {
  it('stores runs under Object Lock, diffs against the previous stored run, verifies, and notifies', async () => {
    const env = storeEnv(sandbox.url);
    const first = await runCli(
      ['demo', '--out', 's3://evidence/monthly', '--retain-days', '30', '--lock-mode', 'GOVERNANCE', '--notify', `slack:${hookUrl}/slack`],
      { env },
    );
    expect(first.stderr).toContain('Notified');
    expect(first.code).toBe(0);
    const firstRun = first.stdout.trim();
    expect(firstRun).toMatch(/^s3:\/\/evidence\/monthly\/\d{4}-\d{2}-\d{2}T\d{6}Z$/);
    const slack = received.find((r) => r.path === '/slack')!.body as { blocks: Array<{ text?: { text: string } }> };
    expect(slack.blocks.map((b) => b.text?.text ?? '').join('\n')).toMatch(/\*New gaps \(\d+\)\*/);

    const second = await runCli(
      [
        'demo',
        '--out',
        's3://evidence/monthly',
        '--retain-days',
        '30',
        '--lock-mode',
        'GOVERNANCE',
        '--fail-on',
        'new',
        '--notify',
        `${hookUrl}/generic`,
        '--notify',
        downUrl,
      ],
      { env },
    );
    expect(second.code).toBe(0); // no new gaps, and the failed notification changes nothing
    expect(second.stderr).toMatch(/Since run \S+: 0 new gaps, 0 resolved/);
    expect(second.stderr).toMatch(/Notification to http:\/\/127\.0\.0\.1:\d+\/… failed after 4 attempts/);
    expect(second.stderr).not.toContain('/gone');
    const secondRun = second.stdout.trim();
    const generic = received.find((r) => r.path === '/generic')!.body;
    expect(generic).toMatchObject({ organization: 'Kestrel Data, Inc.', runLocation: secondRun, changes: { new: [], resolved: [] } });

    const diff = await runCli(['diff', firstRun, secondRun], { env });
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/^Compared with run \S+ \(\d{4}-\d{2}-\d{2}\): 0 new, 0 resolved, \d+ still open\./);

    const s3 = storeClient(env);
    const runId = secondRun.split('/').pop()!;
    const record = await s3.send(new GetObjectCommand({ Bucket: 'evidence', Key: `monthly/${runId}.notify.json` }));
    const notifications = (JSON.parse(await record.Body!.transformToString()) as { notifications: Array<{ ok: boolean; target: string }> }).notifications;
    expect(notifications.map((n) => n.ok)).toEqual([true, false]);

    const verified = await runCli(['verify', secondRun], { env });
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/intact — \d+ objects match manifest\.json/);
    expect(verified.stdout).toMatch(/retention {2}GOVERNANCE until \d{4}-\d{2}-\d{2}T\S+ {2}findings\.json/);

    // report rebuilds a local copy (the stored run is never rewritten), against the stored previous run.
    const local = await runCli(['report', secondRun, '--out', 'rebuilt'], { env });
    expect(local.code).toBe(0);
    expect(local.stdout.trim()).toBe(path.join(local.cwd, 'rebuilt', runId));
    expect(readFileSync(path.join(local.cwd, 'rebuilt', runId, 'gaps.md'), 'utf8')).toMatch(/Compared with run \S+ \(\d{4}-\d{2}-\d{2}\): 0 new, 0 resolved/);

    // Someone writes over one object: S3 keeps the locked original as an older version, verify fails.
    await s3.send(new PutObjectCommand({ Bucket: 'evidence', Key: `monthly/${runId}/findings.json`, Body: '{"findings":[]}\n', ChecksumAlgorithm: 'SHA256' }));
    const tampered = await runCli(['verify', secondRun], { env });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/NOT intact — 1 changed/);
    expect(tampered.stdout).toMatch(/changed {2}findings\.json/);
    const refused = await runCli(['report', secondRun], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/1 file\(s\) differ from manifest\.json \(findings\.json\)/);

    // A run that never got its manifest is reported as incomplete.
    await s3.send(new PutObjectCommand({ Bucket: 'evidence', Key: 'monthly/2026-01-01T000000Z/run.json', Body: '{}', ChecksumAlgorithm: 'SHA256' }));
    const incomplete = await runCli(['verify', 's3://evidence/monthly/2026-01-01T000000Z'], { env });
    expect(incomplete.code).toBe(1);
    expect(incomplete.stdout).toMatch(/INCOMPLETE — 1 objects but no manifest\.json/);
    s3.destroy();
  }, 1_200_000);

  it('refuses a retention on a bucket without Object Lock (exit 2, nothing written)', async () => {
    const env = storeEnv(sandbox.url);
    const r = await runCli(['demo', '--out', 's3://plain/monthly', '--retain-days', '400'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: s3:\/\/plain\/monthly: bucket "plain" does not have S3 Object Lock enabled/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const s3 = storeClient(env);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'plain' }))).KeyCount ?? 0).toBe(0);
    s3.destroy();
  }, 600_000);
});
