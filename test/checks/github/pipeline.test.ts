import { describe, expect, it } from 'vitest';
import { githubPipelineChecks, isLongLivedCloudKey } from '../../../src/checks/github/pipeline.js';
import { githubSamlChecks } from '../../../src/checks/github/saml.js';
import { collected, failed } from '../../../src/core/types.js';
import type { SamlSsoEvidence } from '../../../src/evidence/github-pipeline.js';
import { DENIED, REF, github, repo, run } from './fixtures.js';

const find = (id: string) => [...githubPipelineChecks, ...githubSamlChecks].find((c) => c.id === id)!;
const statuses = (fs: ReturnType<typeof run>) => fs.map((f) => [f.resource.id, f.status, f.missing]);

describe('github.actions.default-permissions', () => {
  const check = find('github.actions.default-permissions');
  it.each([
    ['read, cannot approve', 'read', false, 'pass'],
    ['write', 'write', false, 'fail'],
    ['read, but may approve pull requests', 'read', true, 'fail'],
    ['an unknown value', 'unknown', false, 'fail'],
  ] as const)('%s → %s', (_name, perm, approve, expected) => {
    expect(
      statuses(run(check, github([], { workflowPermissions: collected({ defaultWorkflowPermissions: perm, canApprovePullRequestReviews: approve }, [REF]) }))),
    ).toEqual([['acme', expected, undefined]]);
  });
  it('denied or not collected → error', () => {
    expect(statuses(run(check, github([], { workflowPermissions: failed(DENIED) })))).toEqual([['acme', 'error', DENIED.missingPermission]]);
    expect(statuses(run(check, github([])))).toEqual([['acme', 'error', undefined]]);
  });
});

describe('github.repo.push-protection', () => {
  const check = find('github.repo.push-protection');
  it('enabled passes, disabled fails, unreadable errors, archived repos are not judged', () => {
    const repos = [
      repo('on', { pushProtection: collected('enabled', [REF]) }),
      repo('off', { pushProtection: collected('disabled', [REF]) }),
      repo('hidden', { pushProtection: failed(DENIED) }),
      repo('old', { archived: true, pushProtection: collected('disabled', [REF]) }),
    ];
    expect(statuses(run(check, github(repos)))).toEqual([
      ['acme/on', 'pass', undefined],
      ['acme/off', 'fail', undefined],
      ['acme/hidden', 'error', DENIED.missingPermission],
    ]);
  });
});

describe('github.actions.long-lived-cloud-keys', () => {
  const check = find('github.actions.long-lived-cloud-keys');
  it.each([
    ['AWS_SECRET_ACCESS_KEY', true],
    ['PROD_AWS_ACCESS_KEY_ID', true],
    ['AWS_ACCESS_KEY_ID_STAGING', true],
    ['GCP_SA_KEY', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['AZURE_CLIENT_SECRET', true],
    ['ARM_CLIENT_SECRET', true],
    ['AWS_DEPLOY_ROLE_ARN', false],
    ['AZURE_CLIENT_ID', false],
    ['NPM_TOKEN', false],
    ['MY_AWS_SECRET_ACCESS_KEYS_NOTE', false],
  ])('%s → %s', (name, expected) => expect(isLongLivedCloudKey(name)).toBe(expected));

  it('judges the organization and each non-archived repository, by name only', () => {
    const repos = [
      repo('infra', { actionsSecrets: collected([{ name: 'AWS_ACCESS_KEY_ID' }, { name: 'AWS_SECRET_ACCESS_KEY' }], [REF]) }),
      repo('api', { actionsSecrets: collected([], [REF]) }),
      repo('hidden', { actionsSecrets: failed(DENIED) }),
    ];
    const findings = run(check, github(repos, { orgActionsSecrets: collected([{ name: 'GCP_SA_KEY', visibility: 'all' }], [REF]) }));
    expect(statuses(findings)).toEqual([
      ['acme', 'fail', undefined],
      ['acme/infra', 'fail', undefined],
      ['acme/api', 'pass', undefined],
      ['acme/hidden', 'error', DENIED.missingPermission],
    ]);
    expect(findings[1]?.details?.longLivedCloudKeys).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  it('org secrets unreadable → org error; repositories still judged', () => {
    expect(statuses(run(check, github([repo('api', { actionsSecrets: collected([], [REF]) })], { orgActionsSecrets: failed(DENIED) })))).toEqual([
      ['acme', 'error', DENIED.missingPermission],
      ['acme/api', 'pass', undefined],
    ]);
  });
});

describe('github.org.saml-sso', () => {
  const check = find('github.org.saml-sso');
  const idp = { ssoUrl: 'https://idp.example/sso/saml', issuer: 'https://idp.example' };
  const judge = (saml: SamlSsoEvidence) => statuses(run(check, github([], { samlSso: collected(saml, [REF]) })))[0];
  it.each([
    ['enterprise IdP', { plan: 'enterprise', organizationProvider: null, enterprise: { slug: 'e', provider: idp, enforcedOrganizations: [] } }, 'pass'],
    [
      'org SAML enforced (enterprise lists it)',
      { plan: 'enterprise', organizationProvider: idp, enterprise: { slug: 'e', provider: null, enforcedOrganizations: ['ACME'] } },
      'pass',
    ],
    [
      'org SAML configured, not enforced',
      { plan: 'enterprise', organizationProvider: idp, enterprise: { slug: 'e', provider: null, enforcedOrganizations: [] } },
      'fail',
    ],
    ['no SAML anywhere', { plan: 'enterprise', organizationProvider: null, enterprise: { slug: 'e', provider: null, enforcedOrganizations: [] } }, 'fail'],
    ['team plan', { plan: 'team', organizationProvider: null }, 'not_applicable'],
    ['free plan', { plan: 'free', organizationProvider: null }, 'not_applicable'],
    ['GHEC, org SAML, enterprise not read', { plan: 'enterprise', organizationProvider: idp }, 'error'],
    ['GHEC, no org SAML, enterprise not read', { plan: 'enterprise', organizationProvider: null }, 'error'],
    ['plan hidden, no org SAML', { plan: null, organizationProvider: null }, 'error'],
  ] as const)('%s → %s', (_name, saml, expected) => {
    expect(judge(saml as SamlSsoEvidence)?.[1]).toBe(expected);
  });
  it('a failed read is an error naming what is missing', () => {
    expect(statuses(run(check, github([], { samlSso: failed(DENIED) })))).toEqual([['acme', 'error', DENIED.missingPermission]]);
  });
});
