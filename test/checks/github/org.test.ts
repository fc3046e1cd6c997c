import { describe, expect, it } from 'vitest';
import { githubOrgChecks } from '../../../src/checks/github/org.js';
import { collected, failed } from '../../../src/core/types.js';
import type { GithubEvidence, GithubMember } from '../../../src/evidence/github.js';
import { byId, REF, run } from './fixtures.js';

const check = (id: string) => githubOrgChecks.find((c) => c.id === id)!;
const org = (tfa: boolean | null) => collected({ login: 'acme', twoFactorRequirementEnabled: tfa }, [REF]);
const ev = (over: Partial<GithubEvidence>) => ({ github: { org: 'acme', ...over } });

describe('github.org.2fa-required', () => {
  it.each([
    { tfa: true, status: 'pass' },
    { tfa: false, status: 'fail' },
    // Only owners see the field: null is "could not verify", never "off".
    { tfa: null, status: 'error' },
  ])('two_factor_requirement_enabled=$tfa → $status', ({ tfa, status }) => {
    const f = run(check('github.org.2fa-required'), ev({ organization: org(tfa) }));
    expect(f).toHaveLength(1);
    expect(f[0]!.status).toBe(status);
    expect(f[0]!.resource.id).toBe('acme');
    if (status === 'error') expect(f[0]!.missing).toMatch(/owner/);
  });
  it('a failed read is an error', () => {
    const f = run(check('github.org.2fa-required'), ev({ organization: failed({ kind: 'auth', message: 'Bad credentials' }) }));
    expect(f[0]!.status).toBe('error');
  });
});

describe('github.org.members-2fa', () => {
  const members = collected([
    { login: 'alice', role: 'admin' as const },
    { login: 'Bob', role: 'member' as const },
    { login: 'carol', role: 'member' as const },
  ]);
  it('gives every member a finding', () => {
    const f = byId(run(check('github.org.members-2fa'), ev({ members, membersWithout2fa: collected(['bob']) })));
    expect([...f.keys()].sort()).toEqual(['Bob', 'alice', 'carol']);
    expect(f.get('Bob')!.status).toBe('fail');
    expect(f.get('alice')!.status).toBe('pass');
  });
  it('without owner rights every member is unverified: one error naming the role', () => {
    const f = run(
      check('github.org.members-2fa'),
      ev({
        members,
        membersWithout2fa: failed({ kind: 'access_denied', message: '422 Only owners can use this filter.', missingPermission: 'organization owner role' }),
      }),
    );
    expect(f).toEqual([expect.objectContaining({ status: 'error', missing: 'organization owner role' })]);
  });
  it('an organization without members is not applicable', () => {
    expect(run(check('github.org.members-2fa'), ev({ members: collected([]), membersWithout2fa: collected([]) }))[0]!.status).toBe('not_applicable');
  });
});

describe('github.org.owner-count', () => {
  const owners = (n: number) =>
    collected<GithubMember[]>([...Array.from({ length: n }, (_, i): GithubMember => ({ login: `u${i}`, role: 'admin' })), { login: 'm', role: 'member' }]);
  it.each([
    { n: 3, params: {}, status: 'pass' },
    { n: 4, params: {}, status: 'fail' },
    { n: 4, params: { maxOwners: 5 }, status: 'pass' },
    { n: 0, params: {}, status: 'error' },
  ])('$n owners, params $params → $status', ({ n, params, status }) => {
    const f = run(check('github.org.owner-count'), ev({ members: owners(n) }), params);
    expect(f).toHaveLength(1);
    expect(f[0]!.status).toBe(status);
  });
});
