import { describe, expect, it } from 'vitest';
import { parseConfigText, resolvePeriod } from '../../src/config/load.js';
import { UserInputError } from '../../src/core/errors.js';

const SPEC_EXAMPLE = `organization: Acme Inc
period: { start: 2026-07-01, end: 2026-09-30 }
aws:
  regions: [us-east-1, eu-west-1]
  organization: true
  roleName: soc2-evidence-readonly
  accounts:
    - { id: "111111111111", name: prod, roleArn: arn:aws:iam::111111111111:role/soc2-evidence-readonly }
github:
  org: acme
  apiUrl: https://api.github.com
idp:
  provider: okta
  orgUrl: https://acme.okta.com
exceptions:
  - { check: aws.iam.user-console-mfa, resource: "arn:aws:iam::111111111111:user/break-glass",
      reason: "...", approvedBy: "CTO", expires: 2027-01-31 }
`;

function parseError(text: string): UserInputError {
  try {
    parseConfigText(text, 'soc2-evidence.yaml', '/tmp');
  } catch (err) {
    if (err instanceof UserInputError) return err;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('config file', () => {
  it('accepts the SPEC example as written', () => {
    const { config, digest } = parseConfigText(SPEC_EXAMPLE, 'soc2-evidence.yaml', '/tmp');
    expect(config.organization).toBe('Acme Inc');
    expect(config.period).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(config.aws?.accounts?.[0]?.id).toBe('111111111111');
    expect(config.idp).toEqual({ provider: 'okta', orgUrl: 'https://acme.okta.com' });
    expect(config.exceptions[0]?.expires).toBe('2027-01-31');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [
      'a typo in a key, with the line and a suggestion',
      'organization: A\naws:\n  regoins: [us-east-1]\n',
      /unknown key "regoins" in "aws" \(did you mean "regions"\?\)/,
      3,
    ],
    ['a top-level typo', 'organization: A\nexceptons: []\n', /unknown key "exceptons" \(did you mean "exceptions"\?\)/, 2],
    ['a YAML syntax error', 'organization: A\naws:\n  regions: us-east-1\n    roleName: x\n', /YAML syntax error/, 3],
    ['a missing organization', 'aws: {}\n', /organization/, 1],
    ['an unquoted numeric account id', 'organization: A\naws:\n  accounts:\n    - id: 12345\n', /12-digit AWS account id/, 4],
    [
      'a period that ends before it starts',
      'organization: A\nperiod: { start: 2026-09-30, end: 2026-07-01 }\n',
      /period.start must not be after period.end/,
      2,
    ],
    ['an impossible date', 'organization: A\nperiod: { start: 2026-02-30, end: 2026-03-01 }\n', /real calendar date/, 2],
    ['plain http to a non-loopback host', 'organization: A\ngithub: { org: a, apiUrl: "http://github.example.com/api/v3" }\n', /https:\/\//, 2],
    ['an unknown IdP provider', 'organization: A\nidp: { provider: onelogin }\n', /provider/, 2],
    [
      'an exception naming an unknown check',
      'organization: A\nexceptions:\n  - { check: aws.iam.root-mfaa, resource: x, reason: r, approvedBy: c, expires: 2027-01-01 }\n',
      /unknown check "aws.iam.root-mfaa" \(did you mean "aws.iam.root-mfa"\?\)/,
      3,
    ],
    ['thresholds for an unknown check', 'organization: A\nchecks:\n  aws.iam.pasword-policy: { minLength: 16 }\n', /unknown check "aws.iam.pasword-policy"/, 3],
    [
      'a threshold of the wrong type',
      'organization: A\nchecks:\n  aws.iam.password-policy:\n    minLength: fourteen\n',
      /"checks\.aws\.iam\.password-policy\.minLength": .*number/,
      4,
    ],
    ['an unknown threshold', 'organization: A\nchecks:\n  aws.iam.password-policy: { minLen: 16 }\n', /checks\.aws\.iam\.password-policy.*minLen/, 3],
    ['a duplicate key', 'organization: A\norganization: B\n', /YAML syntax error/, 2],
  ])('rejects %s', (_name, text, message, line) => {
    const err = parseError(text);
    expect(err.message).toMatch(message);
    expect(err.file).toBe('soc2-evidence.yaml');
    expect(err.line).toBe(line);
    expect(err.describe()).toMatch(new RegExp(`^soc2-evidence.yaml:${line}: `));
  });

  it('takes thresholds for a check and uses them over the defaults', async () => {
    const { config } = parseConfigText('organization: A\nchecks:\n  aws.iam.password-policy: { minLength: 16 }\n', 'c.yaml', '/tmp');
    const { checkParams } = await import('../../src/config/load.js');
    expect(checkParams(config, 'aws.iam.password-policy')).toEqual({ minLength: 16 });
    expect(checkParams(config, 'aws.iam.access-key-rotation')).toEqual({ maxAgeDays: 90 });
  });

  it('allows plain http only to loopback hosts', () => {
    for (const url of ['http://127.0.0.1:4010/github', 'http://localhost:9/x', 'http://[::1]:8080/']) {
      expect(parseConfigText(`organization: A\ngithub: { org: a, apiUrl: "${url}" }\n`, 'c.yaml', '/tmp').config.github?.apiUrl).toBe(url);
    }
  });

  it('defaults the period to the 90 days up to the run day', () => {
    const { config } = parseConfigText('organization: A\n', 'c.yaml', '/tmp');
    expect(resolvePeriod(config, new Date('2026-11-26T10:00:00Z'))).toEqual({ start: '2026-08-29', end: '2026-11-26' });
  });

  it('a declared MFA policy must say who declares it: bare "mfaEnforced: true" is bad input naming the line', () => {
    const base = 'organization: Acme\nidp:\n  provider: csv\n  format: okta\n  file: users.csv\n';
    const err = parseError(`${base}  mfaEnforced: true\n`);
    expect(err.describe()).toMatch(/^soc2-evidence\.yaml:6: "idp\.mfaEnforced": a declared fact needs who declares it: write \{ value: true, declaredBy/);
    expect(parseError(`${base}  mfaEnforced: { value: true }\n`).describe()).toMatch(
      /soc2-evidence\.yaml:6: "idp\.mfaEnforced\.declaredBy": declaring MFA enforced needs "declaredBy"/,
    );
    expect(parseError(`${base}  mfaEnforced: { value: true, declaredBy: CTO, evidense: x.png }\n`).describe()).toMatch(
      /unknown key "evidense" in "idp\.mfaEnforced" \(did you mean "evidence"\?\)/,
    );
    const ok = parseConfigText(`${base}  mfaEnforced: { value: true, declaredBy: CTO, evidence: docs/okta.png }\n`, 'soc2-evidence.yaml', '/tmp').config.idp;
    expect(ok).toMatchObject({ mfaEnforced: { value: true, declaredBy: 'CTO', evidence: 'docs/okta.png' } });
    expect(parseConfigText(`${base}  mfaEnforced: false\n`, 'soc2-evidence.yaml', '/tmp').config.idp).toMatchObject({ mfaEnforced: { value: false } });
  });

  it('a period that starts in the future is bad input naming the line', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const text = 'organization: Acme\naws: {}\nperiod:\n  start: 2026-11-27\n  end: 2026-12-31\n';
    let err: unknown;
    try {
      parseConfigText(text, 'soc2-evidence.yaml', '/tmp', null, now);
    } catch (e) {
      err = e;
    }
    expect((err as UserInputError).describe()).toBe(
      'soc2-evidence.yaml:4: period.start 2026-11-27 is in the future (today is 2026-11-26, UTC): an audit period must have started',
    );
    // Starting today is fine (the period is under way).
    expect(parseConfigText(text.replace('2026-11-27', '2026-11-26'), 'soc2-evidence.yaml', '/tmp', null, now).config.period?.start).toBe('2026-11-26');
  });
});
