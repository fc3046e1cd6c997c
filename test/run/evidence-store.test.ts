// Evidence recording is allow-listed: only what a collector names is written, and the run's credential
// values never are, even inside a string (the denylist of key names let accessToken, apiKey,
// client_assertion, X-Amz-Signature and tokens inside strings through).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceStore, project } from '../../src/run/evidence-store.js';
import { registerRunSecrets } from '../../src/run/secrets.js';

const dir = mkdtempSync(path.join(tmpdir(), 'store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('EvidenceStore', () => {
  it('keeps only the named fields of a response and of the parameters', async () => {
    const store = new EvidenceStore(dir);
    const ref = store.record({
      source: 'idp',
      service: 'okta',
      operation: 'GET /api/v1/users',
      parameters: { path: '/api/v1/users', client_assertion: 'eyJhbGciOi.assertion', url: 'https://x/?X-Amz-Signature=abc123' },
      keepParameters: { path: true },
      response: [
        { id: '00u1', profile: { login: 'a@x.com', mobilePhone: '+1-202-555-0100', accessToken: 'at-123', apiKey: 'k-123', streetAddress: '1 Main St' } },
      ],
      keep: { id: true, profile: { login: true } },
    });
    await store.flush();
    const text = readFileSync(path.join(dir, ref.file), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ parameters: { path: '/api/v1/users' }, response: [{ id: '00u1', profile: { login: 'a@x.com' } }] });
    for (const leaked of ['eyJhbGciOi', 'X-Amz-Signature', 'abc123', '555-0100', 'at-123', 'k-123', 'Main St']) expect(text).not.toContain(leaked);
  });

  it('never writes a credential of the run, even inside a kept string', async () => {
    const store = new EvidenceStore(dir);
    registerRunSecrets(store, { GITHUB_TOKEN: 'ghp_secretValue123456', OKTA_API_TOKEN: '00okta"quoted\\token' });
    store.addSecret('issued-access-token-789');
    const ref = store.record({
      source: 'github',
      service: 'github',
      operation: 'GET /x',
      response: { message: 'token ghp_secretValue123456 and 00okta"quoted\\token and Bearer issued-access-token-789 rejected' },
      keep: { message: true },
    });
    await store.flush();
    const text = readFileSync(path.join(dir, ref.file), 'utf8');
    expect(text).not.toMatch(/ghp_secretValue123456|issued-access-token-789|00okta/);
    expect(JSON.parse(text).response.message).toBe('token [redacted] and [redacted] and Bearer [redacted] rejected');
  });

  it('project: maps with "*", arrays item by item, dates as ISO strings', () => {
    expect(project({ a: { x: 1, y: 2 }, b: [{ k: 1, z: 2 }], d: new Date('2026-01-01T00:00:00Z') }, { a: { '*': true }, b: { k: true }, d: true })).toEqual({
      a: { x: 1, y: 2 },
      b: [{ k: 1 }],
      d: '2026-01-01T00:00:00.000Z',
    });
  });
});
