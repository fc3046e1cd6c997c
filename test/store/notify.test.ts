// Notifications against a local HTTP receiver: the Slack and the generic body, 429 then success
// (Retry-After honoured), a 5xx that never ends, a receiver that is down. Nothing is thrown.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import type { NotifySummary } from '../../src/notify/message.js';
import { retryAfterMs } from '../../src/core/backoff.js';
import { sendNotification } from '../../src/notify/send.js';
import { resolveTarget } from '../../src/notify/targets.js';
import type { ChangeItem } from '../../src/reports/diff.js';

interface Received {
  path: string;
  body: unknown;
  at: number;
}

/** A receiver answering each request with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: Array<number | { status: number; retryAfter?: string }>): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text), at: Date.now() });
      const next = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      const { status, retryAfter } = typeof next === 'number' ? { status: next, retryAfter: undefined } : next;
      res.writeHead(status, retryAfter ? { 'retry-after': retryAfter } : {});
      res.end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/T000/B000/secretpart`, received, server };
}
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const gap = (i: number, severity: ChangeItem['severity']): ChangeItem => ({
  checkId: 'aws.iam.user-console-mfa',
  resource: { id: `arn:aws:iam::111122223333:user/u${i}`, name: `u${i}` },
  severity,
  status: 'fail',
  message: `User u${i} has a console password and no MFA device`,
});
const summary: NotifySummary = {
  runId: '2026-12-01T060000Z',
  organization: 'Kestrel Data, Inc.',
  counts: {
    findings: { pass: 10, fail: 12, error: 1, not_applicable: 0, accepted: 1 },
    controls: { met: 3, gap: 2, not_verified: 1, manual: 4, out_of_scope: 0 },
    evidenceFiles: 40,
  },
  controls: [{ id: 'CC6.1-mfa', title: 'MFA for workforce access', status: 'gap' }],
  changes: {
    previousRunId: '2026-11-01T060000Z',
    new: [gap(0, 'critical'), ...Array.from({ length: 11 }, (_, i) => gap(i + 1, 'high'))],
    resolved: [{ ...gap(99, 'medium'), status: 'pass', previousStatus: 'fail' }],
  },
  runLocation: 's3://evidence/monthly/2026-12-01T060000Z',
};
const FAST = { baseDelayMs: 5, maxDelayMs: 50 };

describe('notification targets', () => {
  it('reads env:NAME, sends Slack format to Slack hosts (or when forced with slack:), and never labels a target with its secret path', () => {
    const slack = resolveTarget('env:HOOK', undefined, { HOOK: 'https://hooks.slack.com/services/T0/B0/XYZ' });
    expect(slack).toMatchObject({ format: 'slack', label: 'env:HOOK' });
    expect(resolveTarget('https://example.com/a/secret', undefined, {})).toMatchObject({ format: 'json', label: 'https://example.com/…' });
    expect(resolveTarget('slack:http://127.0.0.1:9/x', undefined, {})).toMatchObject({ format: 'slack', url: 'http://127.0.0.1:9/x' });
    expect(resolveTarget('https://chat.example/hook', 'slack', {}).format).toBe('slack');
  });

  it.each([
    ['env:MISSING', /environment variable MISSING is not set/],
    ['http://example.com/hook', /must be https:\/\//],
    ['not a url', /is not a URL/],
  ])('rejects %s as bad input', (raw, message) => {
    expect(() => resolveTarget(raw, undefined, {}, 'soc2-evidence.yaml')).toThrow(UserInputError);
    expect(() => resolveTarget(raw, undefined, {}, 'soc2-evidence.yaml')).toThrow(message);
  });
});

describe('sending', () => {
  it('posts Slack blocks: counts, new gaps worst first (10 listed, the rest counted), resolved, where the run is stored', async () => {
    const r = await receiver([200]);
    const outcome = await sendNotification(resolveTarget(`slack:${r.url}`, undefined, {}), summary, FAST);
    expect(outcome).toMatchObject({ ok: true, attempts: 1, status: 200, format: 'slack' });
    const body = r.received[0]!.body as { text: string; blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }> };
    expect(body.text).toContain('12 new gaps, 1 resolved since run 2026-11-01T060000Z');
    const texts = body.blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '');
    expect(texts.join('\n')).toContain('3 met · 2 gap · 1 not verified · 4 manual');
    const newGaps = texts.find((t) => t.startsWith('*New gaps (12)*'))!;
    expect(newGaps.split('\n').filter((l) => l.startsWith('•'))).toHaveLength(10);
    expect(newGaps.split('\n')[1]).toContain('*critical*');
    expect(newGaps).toContain('…and 2 more in gaps.md');
    expect(texts.find((t) => t.startsWith('*Resolved (1)*'))).toContain('u99');
    expect(texts.at(-1)).toBe('Stored at s3://evidence/monthly/2026-12-01T060000Z');
  });

  it("posts the SPEC's JSON body to other URLs", async () => {
    const r = await receiver([200]);
    await sendNotification(resolveTarget(r.url, undefined, {}), summary, FAST);
    const body = r.received[0]!.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['changes', 'controls', 'counts', 'organization', 'runId', 'runLocation']);
    expect(body).toMatchObject({
      runId: summary.runId,
      organization: 'Kestrel Data, Inc.',
      runLocation: summary.runLocation,
      changes: { new: summary.changes.new, resolved: summary.changes.resolved },
    });
  });

  it('retries a 429 after its Retry-After, then succeeds', async () => {
    const r = await receiver([{ status: 429, retryAfter: '1' }, 200]);
    const outcome = await sendNotification(resolveTarget(r.url, undefined, {}), summary, FAST);
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
    expect(r.received[1]!.at - r.received[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('gives up after its attempts on a lasting 5xx, and does not retry a 4xx', async () => {
    const down = await receiver([503]);
    expect(await sendNotification(resolveTarget(down.url, undefined, {}), summary, { ...FAST, attempts: 3 })).toMatchObject({
      ok: false,
      attempts: 3,
      status: 503,
      error: 'HTTP 503',
    });
    expect(down.received).toHaveLength(3);
    const gone = await receiver([404]);
    expect(await sendNotification(resolveTarget(gone.url, undefined, {}), summary, FAST)).toMatchObject({ ok: false, attempts: 1, status: 404 });
  });

  it('reports a receiver that is down, without throwing', async () => {
    const r = await receiver([200]);
    await new Promise((res) => r.server.close(res));
    const outcome = await sendNotification(resolveTarget(r.url, undefined, {}), summary, { ...FAST, attempts: 2 });
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(2);
    expect(outcome.error).toMatch(/ECONNREFUSED/);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
