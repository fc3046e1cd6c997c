// CI/CD safeguards in GitHub: read-only workflow tokens that cannot approve pull requests, push
// protection for secrets, and no long-lived cloud keys stored as Actions secrets (names only).
import type { FindingDraft } from '../../core/types.js';
import { GITHUB_NEEDS } from '../../evidence/github.js';
import type { ActionsSecretName } from '../../evidence/github-pipeline.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { forEachRepository, orgResource, repoResource, valueOr } from './common.js';
import { securityFeatureCheck } from './repo.js';

const defaultPermissions = defineCheck({
  id: 'github.actions.default-permissions',
  title: 'Workflow tokens are read-only by default',
  source: 'github',
  severity: 'high',
  judges: 'the GitHub organization',
  resourceType: 'github.organization',
  needs: [GITHUB_NEEDS.workflowPermissions],
  remediation: {
    summary:
      'Set the default GITHUB_TOKEN permission to read and do not let GitHub Actions create or approve pull requests; grant write per job with `permissions:`.',
    console:
      'GitHub → Organization → Settings → Actions → General → Workflow permissions: "Read repository ' +
      'contents and packages permissions"; untick "Allow GitHub Actions to create and approve pull requests"',
    cli: 'gh api -X PUT orgs/ORG/actions/permissions/workflow -f default_workflow_permissions=read -F can_approve_pull_request_reviews=false',
    terraform:
      'resource "github_actions_organization_workflow_permissions" "this" {\n ' +
      ' organization_slug                = "ORG"\n  default_workflow_permissions ' +
      '    = "read"\n  can_approve_pull_request_reviews = false\n}',
  },
  evaluate(evidence) {
    const gh = evidence.github!;
    const out: FindingDraft[] = [];
    const resource = orgResource(gh.org);
    const perms = valueOr(gh.workflowPermissions, resource, 'the default workflow permissions', out);
    if (!perms) return out;
    const { defaultWorkflowPermissions: token, canApprovePullRequestReviews: approve } = perms.value;
    const problems = [
      ...(token !== 'read' ? [`the default GITHUB_TOKEN permission is ${token}`] : []),
      ...(approve ? ['GitHub Actions may create and approve pull requests'] : []),
    ];
    const details = { defaultWorkflowPermissions: token, canApprovePullRequestReviews: approve };
    if (problems.length) out.push({ status: 'fail', resource, message: `In ${gh.org}, ${problems.join(' and ')}.`, evidence: perms.refs, details });
    else
      out.push({
        status: 'pass',
        resource,
        message: `In ${gh.org}, workflow tokens are read-only by default and Actions cannot approve pull requests.`,
        evidence: perms.refs,
        details,
      });
    return out;
  },
});

const pushProtection = securityFeatureCheck(
  'github.repo.push-protection',
  'Secret scanning push protection is on',
  'secret scanning push protection',
  (repo) =>
    repo.pushProtection
      ? repo.pushProtection.ok
        ? { ok: true, value: repo.pushProtection.value === 'enabled', refs: repo.pushProtection.refs }
        : repo.pushProtection
      : undefined,
  GITHUB_NEEDS.pushProtection,
  {
    summary:
      'Turn on push protection so pushes containing detected secrets are blocked (with ' +
      'secret scanning), for every repository through a security configuration.',
    console:
      'GitHub → Organization → Settings → Code security → Configurations → a configuration ' +
      'with Secret scanning and Push protection enabled → Apply to all repositories',
    cli: 'gh api -X PATCH repos/OWNER/REPO -f "security_and_analysis[secret_scanning_push_protection][status]=enabled"',
    terraform:
      'resource "github_repository" "repo" {\n  name = "REPO"\n  security_and_analysis ' +
      '{\n    secret_scanning {\n      status = "enabled"\n    }\n    secret_scanning_push_protection ' +
      '{\n      status = "enabled"\n    }\n  }\n}',
  },
);

/** Secret names of long-lived cloud credentials where OIDC federation would serve (prefixes and suffixes allowed). */
const LONG_LIVED_NAMES = [
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_KEY',
  'GCP_SA_KEY',
  'GCP_SERVICE_ACCOUNT_KEY',
  'GCP_CREDENTIALS',
  'GCLOUD_SERVICE_KEY',
  'GOOGLE_CREDENTIALS',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'AZURE_CLIENT_SECRET',
  'AZURE_CREDENTIALS',
  'ARM_CLIENT_SECRET',
];
const LONG_LIVED = new RegExp(`(^|_)(${LONG_LIVED_NAMES.join('|')})(_|$)`);

export const isLongLivedCloudKey = (name: string) => LONG_LIVED.test(name.toUpperCase());

function judgeSecrets(names: ActionsSecretName[], where: string): { status: 'pass' | 'fail'; message: string; details: Record<string, string[]> } {
  const keys = names.filter((s) => isLongLivedCloudKey(s.name)).map((s) => s.name);
  const details = { secrets: names.map((s) => s.name), longLivedCloudKeys: keys };
  if (keys.length)
    return { status: 'fail', message: `${where} stores long-lived cloud keys as Actions secrets: ${keys.join(', ')} (use OIDC federation instead).`, details };
  return {
    status: 'pass',
    message: `${where} stores no long-lived cloud key as an Actions secret (${names.length} secret${names.length === 1 ? '' : 's'} by name).`,
    details,
  };
}

const longLivedCloudKeys = defineCheck({
  id: 'github.actions.long-lived-cloud-keys',
  title: 'CI reaches the cloud without long-lived keys',
  source: 'github',
  severity: 'high',
  judges: 'organization and repository Actions secrets (names only, never values)',
  resourceType: 'github.repository',
  needs: [GITHUB_NEEDS.actionsSecrets],
  remediation: {
    summary:
      "Replace stored cloud keys with OIDC: let workflows assume a cloud role through GitHub's OIDC provider, then delete the secret and deactivate the key.",
    console:
      'AWS IAM → Identity providers → Add provider (OpenID Connect, token.actions.githubusercontent.com, ' +
      'audience sts.amazonaws.com) → role trusting repo:ORG/REPO:*; then GitHub → Settings ' +
      '→ Secrets and variables → Actions → delete the key secrets',
    cli:
      'aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com ' +
      '--client-id-list sts.amazonaws.com && gh secret delete AWS_SECRET_ACCESS_KEY --repo OWNER/REPO',
    terraform:
      'resource "aws_iam_openid_connect_provider" "github" {\n  url            = ' +
      '"https://token.actions.githubusercontent.com"\n  client_id_list = ' +
      '["sts.amazonaws.com"]\n}\n\nresource "aws_iam_role" "deploy" {\n  name = "github-deploy"\n  ' +
      'assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   ' +
      ' = "Allow"\n      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }\n      ' +
      'Action    = "sts:AssumeRoleWithWebIdentity"\n      Condition = { StringLike = { ' +
      '"token.actions.githubusercontent.com:sub" = "repo:ORG/REPO:*" } }\n    }]\n  })\n}',
  },
  evaluate(evidence) {
    const gh = evidence.github!;
    const out: FindingDraft[] = [];
    const org = valueOr(gh.orgActionsSecrets, orgResource(gh.org), 'the organization Actions secrets', out);
    if (org) out.push({ resource: orgResource(gh.org), evidence: org.refs, ...judgeSecrets(org.value, `The organization ${gh.org}`) });
    out.push(
      ...forEachRepository(evidence, 'repository Actions secrets', (repo, found) => {
        const resource = repoResource(repo);
        const secrets = valueOr(repo.actionsSecrets, resource, `the Actions secrets of ${repo.fullName}`, found, repo.refs);
        if (secrets) found.push({ resource, evidence: secrets.refs, ...judgeSecrets(secrets.value, repo.fullName) });
      }),
    );
    return out;
  },
});

export const githubPipelineChecks: AnyCheck[] = [defaultPermissions, pushProtection, longLivedCloudKeys];
