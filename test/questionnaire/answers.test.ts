// Answers follow the run's evidence: Yes only when every related check ran and passed (or is accepted by
// a current exception); Partial / No with numbers; Not verified when a check could not collect.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding, FindingStatus } from '../../src/core/types.js';
import type { RunRecord } from '../../src/run/record.js';
import { answerQuestion, answerTopic, type AnswerContext } from '../../src/questionnaire/answer.js';
import { loadTopicCatalog } from '../../src/questionnaire/catalog.js';
import { conjugate, indexRun, weakest } from '../../src/questionnaire/evidence.js';
import { isStale, loadLibrary } from '../../src/questionnaire/library.js';
import { UserInputError } from '../../src/core/errors.js';

const catalog = loadTopicCatalog();
const tmp = mkdtempSync(path.join(tmpdir(), 'q-answers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Spec = Partial<Record<FindingStatus, number>>;

/** A stored run as reports read it: the checks that ran, and N findings per status per check. */
function runWith(checks: Record<string, Spec>, extra: { outOfScope?: Array<{ checkId: string; reason: string }>; startedAt?: string } = {}): RunRecord {
  const findings: Finding[] = [];
  for (const [checkId, spec] of Object.entries(checks)) {
    for (const [status, n] of Object.entries(spec) as Array<[FindingStatus, number]>) {
      for (let i = 0; i < n; i++) {
        findings.push({
          checkId,
          controlIds: [],
          status,
          severity: 'high',
          resource: { type: 'x', id: `${checkId}/${status}/${i}` },
          message: '',
          evidence: [],
          ...(status === 'error' ? { missing: 'okta.users.read' } : {}),
          ...(status === 'accepted'
            ? { exception: { reason: 'Break-glass account kept in the safe', approvedBy: 'CTO', expires: '2027-01-31', expired: false } }
            : {}),
        });
      }
    }
  }
  return {
    dir: '/nonexistent',
    findings,
    run: {
      runId: '2026-11-01T060000Z',
      organization: 'Acme',
      period: { start: '2026-07-01', end: '2026-09-30' },
      startedAt: extra.startedAt ?? '2026-11-01T06:00:00Z',
      finishedAt: '2026-11-01T06:05:00Z',
      scope: { checks: Object.keys(checks), checksOutOfScope: extra.outOfScope ?? [] },
      controls: [
        {
          id: 'AC-01',
          title: 'MFA',
          statement: '',
          criteria: ['CC6.1'],
          status: 'gap',
          checks: ['idp.mfa.enrolled', 'idp.mfa.enforced'],
          checksOutOfScope: [],
          manual: false,
          findings: { pass: 0, fail: 0, error: 0, not_applicable: 0, accepted: 0 },
        },
      ],
    } as unknown as RunRecord['run'],
  };
}

const ctxFor = (record: RunRecord | null, library: AnswerContext['library'] = null): AnswerContext => ({
  catalog,
  run: record ? indexRun(record) : null,
  library,
  asOf: record ? record.run.startedAt.slice(0, 10) : '2026-11-01',
});

const MFA_ALL = ['idp.mfa.enforced', 'idp.mfa.enrolled', 'github.org.2fa-required', 'github.org.members-2fa', 'aws.iam.user-console-mfa'];
const allPass = (extra: Record<string, Spec> = {}): Record<string, Spec> => ({ ...Object.fromEntries(MFA_ALL.map((c) => [c, { pass: 1 }])), ...extra });
const mfa = catalog.byId.get('mfa-workforce')!;

describe('an evidence topic', () => {
  const rows: Array<[string, Record<string, Spec>, string | undefined, RegExp]> = [
    ['every related check passed', allPass({ 'idp.mfa.enrolled': { pass: 48 } }), 'Yes', /all 48 active identity-provider users have an active MFA factor/],
    [
      'some users lack MFA: Partial with the numbers and the date',
      allPass({ 'idp.mfa.enrolled': { pass: 41, fail: 7 } }),
      'Partial',
      /41 of 48 active identity-provider users have an active MFA factor; 7 do not.*as of 2026-11-01/,
    ],
    [
      'nothing passes: No',
      Object.fromEntries(MFA_ALL.map((c) => [c, { fail: 2 }])),
      'No',
      /0 of 2 active identity-provider users have an active MFA factor; 2 do not/,
    ],
    [
      'a check could not collect, the rest pass: Not verified',
      allPass({ 'idp.mfa.enrolled': { pass: 40, error: 8 } }),
      'Not verified',
      /40 of 48 .*; 8 could not be verified \(missing okta\.users\.read\)/,
    ],
    [
      'could not collect at all: Not verified',
      allPass({ 'idp.mfa.enrolled': { error: 1 } }),
      'Not verified',
      /the active identity-provider user could not be verified/,
    ],
    [
      'a failure outweighs an error',
      allPass({ 'idp.mfa.enrolled': { pass: 3, fail: 1, error: 1 } }),
      'Partial',
      /3 of 5 .*; 1 does not; 1 could not be verified/,
    ],
    [
      'an accepted exception counts, and the comment says so',
      allPass({ 'aws.iam.user-console-mfa': { pass: 4, accepted: 1 } }),
      'Yes',
      /1 counts as meeting it under a current exception \("Break-glass account kept in the safe", approved by CTO until 2027-01-31\)/,
    ],
    [
      'a related check absent from the run is not a Yes',
      Object.fromEntries(MFA_ALL.slice(0, 4).map((c) => [c, { pass: 1 }])),
      'Partial',
      /Not covered by this run: aws\.iam\.user-console-mfa\./,
    ],
    [
      'not-applicable findings neither help nor hurt',
      allPass({ 'aws.iam.user-console-mfa': { pass: 1, not_applicable: 9 } }),
      'Yes',
      /the AWS IAM user with a console password has MFA/,
    ],
  ];
  it.each(rows)('%s', (_name, checks, answer, text) => {
    const result = answerTopic(mfa, ctxFor(runWith(checks)));
    expect(result.answer).toBe(answer);
    expect(result.text).toMatch(text);
  });

  it('the tenant policy failing alone is said plainly', () => {
    const result = answerTopic(mfa, ctxFor(runWith(allPass({ 'idp.mfa.enforced': { fail: 1 } }))));
    expect(result.answer).toBe('Partial');
    expect(result.text).toMatch(/^The identity-provider tenant does not require MFA of every user by policy; /);
  });

  it('no related check ran: left for a human, naming why each is missing', () => {
    const result = answerTopic(
      mfa,
      ctxFor(runWith({ 'aws.s3.encryption': { pass: 1 } }, { outOfScope: [{ checkId: 'idp.mfa.enrolled', reason: 'source idp not configured' }] })),
    );
    expect(result.answer).toBeUndefined();
    expect(result.reason).toMatch(/none of this topic's checks ran/);
    expect(result.text).toContain('idp.mfa.enrolled (source idp not configured)');
  });

  it('only not-applicable findings: nothing to judge, left for a human', () => {
    const backups = catalog.byId.get('backups')!;
    const result = answerTopic(backups, ctxFor(runWith({ 'aws.rds.backups': { not_applicable: 3 } })));
    expect(result.answer).toBeUndefined();
    expect(result.reason).toMatch(/nothing of this kind to judge/);
  });

  it('period-bound checks name the audit period', () => {
    const cm = catalog.byId.get('change-management')!;
    const result = answerTopic(
      cm,
      ctxFor(runWith({ 'github.changes.pr-approved': { pass: 30 }, 'github.changes.no-direct-push': { pass: 120 }, 'github.repo.status-checks': { pass: 5 } })),
    );
    expect(result.answer).toBe('Yes');
    expect(result.text).toContain('audit period 2026-07-01 to 2026-09-30');
  });

  it('never Yes where a related check fails, errs or did not run (every topic, seeded random runs)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const statuses: FindingStatus[] = ['pass', 'fail', 'error', 'not_applicable', 'accepted'];
    for (let round = 0; round < 400; round++) {
      for (const topic of catalog.topics.filter((t) => !t.manual)) {
        const checks: Record<string, Spec> = {};
        for (const c of topic.checks) {
          if (random() < 0.15) continue; // not in this run
          const spec: Spec = {};
          for (const s of statuses) if (random() < 0.35) spec[s] = 1 + Math.floor(random() * 3);
          checks[c] = spec;
        }
        const result = answerTopic(topic, ctxFor(runWith(checks)));
        const all = Object.values(checks);
        const clean = topic.checks.every((c) => checks[c]) && all.every((s) => !s.fail && !s.error) && all.some((s) => (s.pass ?? 0) + (s.accepted ?? 0) > 0);
        if (result.answer === 'Yes') expect(clean, `${topic.id} ${JSON.stringify(checks)}`).toBe(true);
        if (clean && !topic.library) expect(result.answer).toBe('Yes');
        if (all.some((s) => s.fail)) expect(['No', 'Partial']).toContain(result.answer);
      }
    }
  });
});

describe('a question', () => {
  it('on two topics takes the weaker answer and cites both', () => {
    const record = runWith({
      'aws.s3.encryption': { pass: 9 },
      'aws.ebs.default-encryption': { pass: 6 },
      'aws.ebs.volume-encryption': { pass: 8 },
      'aws.rds.storage-encrypted': { pass: 4 },
      'aws.cloudtrail.kms-encrypted': { pass: 2 },
      'aws.s3.tls-only': { pass: 3, fail: 6 },
      'aws.elb.tls-listeners': { pass: 2 },
    });
    const result = answerQuestion(ctxFor(record), 'Is customer data encrypted at rest and in transit?');
    expect(result.topics.map((t) => t.answer)).toEqual(['Yes', 'Partial']);
    expect(result.answer).toBe('Partial');
    expect(result.comment).toMatch(/Encryption at rest: Yes\. .*Encryption in transit \(TLS\): Partial\. .*Overall: Partial/);
    expect(result.comment).toMatch(/\[Basis: .*checks aws\.cloudtrail\.kms-encrypted, .*aws\.s3\.tls-only; run 2026-11-01T060000Z\]$/);
  });

  it('cites the controls the run maps the checks to', () => {
    const result = answerQuestion(ctxFor(runWith(allPass())), 'Is MFA required for all employees?');
    expect(result.answer).toBe('Yes');
    expect(result.source).toBe('evidence');
    expect(result.comment).toContain(
      '[Basis: controls AC-01; checks aws.iam.user-console-mfa, github.org.2fa-required, ' +
        'github.org.members-2fa, idp.mfa.enforced, idp.mfa.enrolled; run 2026-11-01T060000Z]',
    );
  });

  it('that no topic matches is left blank and says why', () => {
    const result = answerQuestion(ctxFor(runWith(allPass())), 'Describe your company history.');
    expect(result).toMatchObject({ source: 'human', comment: '', reason: 'no topic of the catalog matches this question' });
  });

  it('on an evidence topic without a run is left for a human', () => {
    expect(answerQuestion(ctxFor(null), 'Is MFA required for all employees?').reason).toMatch(/no run given/);
  });

  it('is the same every time (deterministic)', () => {
    const record = runWith(allPass({ 'idp.mfa.enrolled': { pass: 41, fail: 7 } }));
    const a = answerQuestion(ctxFor(record), 'Is MFA required?', 'IAM-14.1');
    const b = answerQuestion(ctxFor(structuredClone(record)), 'Is MFA required?', 'IAM-14.1');
    expect(JSON.stringify({ ...a, topics: a.topics.map((t) => [t.answer, t.text]) })).toBe(
      JSON.stringify({ ...b, topics: b.topics.map((t) => [t.answer, t.text]) }),
    );
  });
});

describe('answers.yaml', () => {
  const write = (name: string, text: string) => {
    const file = path.join(tmp, name);
    writeFileSync(file, text);
    return file;
  };
  const good = write(
    'answers.yaml',
    `answers:
  - topic: penetration-testing
    answer: Yes
    text: An independent firm tests the application every year.
    owner: CTO
    reviewed: 2025-09-01
  - topic: training
    answer: Yes
    text: Yearly security training for everyone.
    owner: People Ops
    reviewed: 2026-10-01
  - topic: access-reviews
    answer: Yes
    text: Quarterly access reviews by managers.
    owner: Head of Security
    reviewed: 2026-10-01
`,
  );

  it('answers manual topics, owner and review date in the comment; over 12 months is STALE', () => {
    const library = loadLibrary(good, catalog);
    const pen = answerQuestion(ctxFor(runWith(allPass()), library), 'Do you run an annual penetration test?');
    expect(pen).toMatchObject({ answer: 'Yes', source: 'library' });
    expect(pen.comment).toContain('(Owner: CTO; reviewed 2025-09-01 — STALE');
    expect(pen.comment).toContain('[Basis: answers.yaml topic penetration-testing]');
    const training = answerQuestion(ctxFor(runWith(allPass()), library), 'Do employees complete security awareness training?');
    expect(training.comment).not.toContain('STALE');
    expect(training.comment).toContain('controls GV-02');
  });

  it('a manual topic without a library answer stays blank', () => {
    const result = answerQuestion(ctxFor(runWith(allPass())), 'Do you carry cyber insurance?');
    expect(result).toMatchObject({ source: 'human' });
    expect(result.reason).toMatch(/no answer for topic "insurance"/);
  });

  it('a process topic: the run can say No on its own, but a Yes needs the library as well', () => {
    const q = 'Are user access rights reviewed quarterly?';
    const clean = runWith({
      'idp.users.inactive': { pass: 10 },
      'aws.iam.unused-credentials': { pass: 4 },
      'access.github.unlinked-members': { pass: 5 },
      'access.aws.unlinked-users': { pass: 3 },
    });
    expect(answerQuestion(ctxFor(clean), q)).toMatchObject({ source: 'human' });
    expect(answerQuestion(ctxFor(clean, loadLibrary(good, catalog)), q)).toMatchObject({ answer: 'Yes', source: 'library' });
    const stale = runWith({
      'idp.users.inactive': { pass: 8, fail: 2 },
      'aws.iam.unused-credentials': { pass: 4 },
      'access.github.unlinked-members': { pass: 5 },
      'access.aws.unlinked-users': { pass: 3 },
    });
    const withLibrary = answerQuestion(ctxFor(stale, loadLibrary(good, catalog)), q);
    expect(withLibrary.answer).toBe('Partial');
    expect(withLibrary.comment).toContain('8 of 10 active identity-provider users have signed in within the last 90 days; 2 do not');
  });

  it.each([
    [
      'an unknown topic, with a suggestion',
      'answers:\n  - topic: pen-testing\n    answer: Yes\n    text: x\n    owner: CTO\n    reviewed: 2026-01-01\n',
      /:2: unknown topic "pen-testing" \(did you mean "penetration-testing"\?\)/,
    ],
    [
      'an evidence topic',
      'answers:\n  - topic: mfa-workforce\n    answer: Yes\n    text: x\n    owner: CTO\n    reviewed: 2026-01-01\n',
      /:2: topic "mfa-workforce" is answered from the run's evidence/,
    ],
    [
      'a wrong answer value',
      'answers:\n  - topic: training\n    answer: Maybe\n    text: x\n    owner: CTO\n    reviewed: 2026-01-01\n',
      /:3: "answers\.0\.answer": /,
    ],
    [
      'a missing owner',
      'answers:\n  - topic: training\n    answer: Yes\n    text: x\n    reviewed: 2026-01-01\n',
      /:2: missing required key "answers\.0\.owner"|:2: .*owner/,
    ],
    [
      'an impossible date',
      'answers:\n  - topic: training\n    answer: Yes\n    text: x\n    owner: CTO\n    reviewed: 2026-02-30\n',
      /:6: .*not a real calendar date/,
    ],
    [
      'a misspelt key',
      'answers:\n  - topic: training\n    answer: Yes\n    text: x\n    owner: CTO\n    reviewd: 2026-01-01\n',
      /:6: unknown key "reviewd" .*did you mean "reviewed"/,
    ],
    [
      'a topic answered twice',
      'answers:\n  - { topic: training, answer: Yes, text: x, owner: CTO, reviewed: 2026-01-01 ' +
        '}\n  - { topic: training, answer: No, text: y, owner: CTO, reviewed: 2026-01-01 }\n',
      /:3: topic "training" is answered twice/,
    ],
    ['broken YAML', 'answers:\n  - topic: [training\n', /YAML syntax error/],
  ])('rejects %s, naming file and line', (_name, text, message) => {
    const file = write(`bad-${Math.random().toString(36).slice(2)}.yaml`, text);
    let error: unknown;
    try {
      loadLibrary(file, catalog);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserInputError);
    const described = (error as UserInputError).describe();
    expect(described.startsWith(file)).toBe(true);
    expect(described).toMatch(message);
  });

  it('staleness is measured from the run date, twelve calendar months', () => {
    expect(isStale('2025-11-01', '2026-11-01')).toBe(false);
    expect(isStale('2025-10-31', '2026-11-01')).toBe(true);
  });
});

describe('wording helpers', () => {
  it('conjugates the base form for one and many', () => {
    expect(conjugate('have MFA', true)).toBe('has MFA');
    expect(conjugate('be encrypted', true)).toBe('is encrypted');
    expect(conjugate('be encrypted', false)).toBe('are encrypted');
    expect(conjugate('refuse plain HTTP', true)).toBe('refuses plain HTTP');
    expect(conjugate('keep owners', false)).toBe('keep owners');
  });

  it('orders answers from weakest: No, Not verified, Partial, Yes; Not applicable yields', () => {
    expect(weakest(['Yes', 'Partial'])).toBe('Partial');
    expect(weakest(['Partial', 'Not verified'])).toBe('Not verified');
    expect(weakest(['Not verified', 'No'])).toBe('No');
    expect(weakest(['Not applicable', 'Yes'])).toBe('Yes');
  });
});
