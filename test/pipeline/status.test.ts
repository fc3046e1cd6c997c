import { describe, expect, it } from 'vitest';
import type { Finding, FindingStatus } from '../../src/core/types.js';
import { applyExceptions, controlStatus, exitCodeFor, worstFirst } from '../../src/pipeline/status.js';

const finding = (over: Partial<Finding>): Finding => ({
  checkId: 'aws.iam.user-console-mfa',
  controlIds: ['AC-01'],
  status: 'fail',
  severity: 'high',
  resource: { type: 'aws.iam.user', id: 'arn:aws:iam::111111111111:user/break-glass' },
  message: 'User has a console password and no MFA.',
  evidence: [],
  ...over,
});

const exception = { check: 'aws.iam.user-console-mfa', resource: 'arn:aws:iam::111111111111:user/break-glass', reason: 'Break-glass', approvedBy: 'CTO' };

describe('exceptions', () => {
  it('accepts a failing finding until the expiry day, included', () => {
    const findings = [finding({})];
    const register = applyExceptions(findings, [{ ...exception, expires: '2026-11-26' }], '2026-11-26');
    expect(findings[0]!.status).toBe('accepted');
    expect(findings[0]!.exception).toEqual({ reason: 'Break-glass', approvedBy: 'CTO', expires: '2026-11-26', expired: false });
    expect(register[0]).toMatchObject({ matched: 1, expired: false });
  });

  it('leaves an expired exception failing, and says so', () => {
    const findings = [finding({})];
    applyExceptions(findings, [{ ...exception, expires: '2026-11-25' }], '2026-11-26');
    expect(findings[0]!.status).toBe('fail');
    expect(findings[0]!.exception?.expired).toBe(true);
    expect(findings[0]!.message).toMatch(/exception approved by CTO expired on 2026-11-25/);
  });

  it.each<[string, Partial<Finding>]>([
    ['another resource', { resource: { type: 'aws.iam.user', id: 'arn:aws:iam::111111111111:user/alice' } }],
    ['another check', { checkId: 'aws.iam.unused-credentials' }],
    ['an error (could not verify is never accepted)', { status: 'error' }],
    ['a pass', { status: 'pass' }],
  ])('does not touch %s', (_name, over) => {
    const findings = [finding(over)];
    const before = findings[0]!.status;
    const register = applyExceptions(findings, [{ ...exception, expires: '2027-01-31' }], '2026-11-26');
    expect(findings[0]!.status).toBe(before);
    expect(register[0]!.matched).toBe(0);
  });
});

describe('control status', () => {
  const counts = (over: Partial<Record<FindingStatus, number>>) => ({ pass: 0, fail: 0, error: 0, not_applicable: 0, accepted: 0, ...over });
  it.each([
    ['all passing', false, counts({ pass: 3 }), 2, 0, 'met'],
    ['passes, n/a and accepted', false, counts({ pass: 1, not_applicable: 1, accepted: 1 }), 2, 0, 'met'],
    ['only not-applicable findings (an empty or future period): nothing passed', false, counts({ not_applicable: 4 }), 2, 0, 'not_verified'],
    ['only accepted findings', false, counts({ accepted: 2 }), 1, 0, 'not_verified'],
    ['no findings at all', false, counts({}), 2, 0, 'not_verified'],
    ['any failure', false, counts({ pass: 5, fail: 1, error: 1 }), 2, 0, 'gap'],
    ['an error without failures', false, counts({ pass: 5, error: 1 }), 2, 0, 'not_verified'],
    ['some checks out of scope (never met)', false, counts({ pass: 5 }), 3, 1, 'not_verified'],
    ['every check out of scope', false, counts({}), 3, 3, 'out_of_scope'],
    ['a failure even when partly out of scope', false, counts({ fail: 1 }), 3, 1, 'gap'],
    ['manual', true, counts({}), 0, 0, 'manual'],
  ] as const)('%s → %s', (_name, manual, c, checks, outOfScope, expected) => {
    expect(controlStatus(manual, c, checks, outOfScope)).toBe(expected);
  });

  it('maps findings to the SPEC exit codes', () => {
    expect(exitCodeFor(counts({ pass: 1 }))).toBe(0);
    expect(exitCodeFor(counts({ fail: 1, error: 1 }))).toBe(1);
    expect(exitCodeFor(counts({ error: 1, pass: 3 }))).toBe(3);
    expect(exitCodeFor(counts({ accepted: 2 }))).toBe(0);
  });
});

describe('worst first', () => {
  it('orders by severity, then control, then fails before errors', () => {
    const list = [
      finding({ severity: 'medium', controlIds: ['AC-01'], resource: { type: 'x', id: 'm' } }),
      finding({ severity: 'critical', status: 'error', controlIds: ['AC-02'], resource: { type: 'x', id: 'c-err' } }),
      finding({ severity: 'critical', controlIds: ['AC-02'], resource: { type: 'x', id: 'c-fail' } }),
      finding({ severity: 'critical', controlIds: ['AC-01'], resource: { type: 'x', id: 'c-ac01' } }),
    ];
    expect(list.sort(worstFirst).map((f) => f.resource.id)).toEqual(['c-ac01', 'c-fail', 'c-err', 'm']);
  });
});
