// GitHub collector: organization, members, repositories (protection, security features) and the
// change populations of the audit period. Reads only; never judges; never throws.
import { errorMessage } from '../../core/errors.js';
import { collected, failed, type SourceOutcome } from '../../core/types.js';
import { GITHUB_NEEDS, type GithubEvidence, type GithubRepository } from '../../evidence/github.js';
import pLimit from 'p-limit';
import type { SourceCollector } from '../types.js';
import { GithubClient, GithubReadError } from './client.js';
import { changePopulations, completeCommits, completePullRequests } from './changes.js';
import { collectMembers, collectMembersWithout2fa, collectOrganization } from './org.js';
import { collectOutsideCollaborators, collectSamlIdentities } from './people.js';
import { listRepositories, protectionOf, secretScanningByRepo, secretScanningOf, vulnerabilityAlerts } from './repositories.js';
import { collectOrgSecrets, collectRepoSecrets, collectSamlSso, collectWorkflowPermissions } from './pipeline.js';

export const collectGithub: SourceCollector<GithubEvidence> = async (ctx) => {
  const org = ctx.config.github?.org ?? '';
  const client = new GithubClient(ctx);
  const outcome = (status: SourceOutcome['status'], reason?: string): SourceOutcome => ({
    source: 'github',
    status,
    ...(reason ? { reason } : {}),
    missingPermissions: [...client.missingPermissions].sort(),
    requests: { ...client.requests },
    notes: {
      apiUrl: client.baseUrl,
      restRequests: Object.entries(client.requests)
        .filter(([k]) => !k.startsWith('graphql:'))
        .reduce((a, [, n]) => a + n, 0),
      graphqlRequests: Object.entries(client.requests)
        .filter(([k]) => k.startsWith('graphql:'))
        .reduce((a, [, n]) => a + n, 0),
      graphqlPoints: client.graphqlPoints,
      rateLimitRetries: client.retries,
      httpAttempts: client.attempts,
      ...(client.rateLimitRemaining.rest !== undefined ? { restRateLimitRemaining: client.rateLimitRemaining.rest } : {}),
      ...(client.rateLimitRemaining.graphql !== undefined ? { graphqlRateLimitRemaining: client.rateLimitRemaining.graphql } : {}),
    },
  });

  try {
    await client.connect();
  } catch (err) {
    const reason = err instanceof GithubReadError ? err.error.message : errorMessage(err);
    return { outcome: outcome('failed', reason) };
  }

  const need = (key: string) => ctx.needs.has(key);
  const evidence: GithubEvidence = { org };
  const progress = (text: string) => ctx.progress.update('github', text);

  progress(`organization ${org}`);
  const withRepos = [
    GITHUB_NEEDS.protection,
    GITHUB_NEEDS.security,
    GITHUB_NEEDS.pullRequests,
    GITHUB_NEEDS.commits,
    GITHUB_NEEDS.pushProtection,
    GITHUB_NEEDS.actionsSecrets,
  ].some(need);
  // The org answer also tells (to owners) how many private repositories exist, to notice any the token cannot list.
  if (need(GITHUB_NEEDS.organization) || need(GITHUB_NEEDS.members2fa) || need(GITHUB_NEEDS.samlSso) || withRepos)
    evidence.organization = await collectOrganization(client, org);
  if (evidence.organization && !evidence.organization.ok && evidence.organization.error.kind === 'auth') {
    // Bad credentials: nothing else can be read; every GitHub check becomes an error with this reason.
    return { outcome: outcome('failed', `GitHub rejected the credentials: ${evidence.organization.error.message}`) };
  }
  // The API host does not resolve or refuses connections: every other read would fail the same way.
  if (client.unreachable) return { outcome: outcome('failed', `GitHub API ${client.baseUrl}: ${client.unreachable}`) };
  if (need(GITHUB_NEEDS.members) || need(GITHUB_NEEDS.members2fa)) evidence.members = await collectMembers(client, org);
  if (need(GITHUB_NEEDS.members2fa)) evidence.membersWithout2fa = await collectMembersWithout2fa(client, org, evidence.organization);
  if (need(GITHUB_NEEDS.workflowPermissions)) evidence.workflowPermissions = await collectWorkflowPermissions(client, org);
  if (need(GITHUB_NEEDS.actionsSecrets)) evidence.orgActionsSecrets = await collectOrgSecrets(client, org);
  if (need(GITHUB_NEEDS.samlSso))
    evidence.samlSso = await collectSamlSso(
      client,
      org,
      evidence.organization?.ok ? (evidence.organization.value.plan ?? null) : null,
      ctx.config.github?.enterprise,
    );
  if (need(GITHUB_NEEDS.outsideCollaborators)) {
    progress('outside collaborators');
    evidence.outsideCollaborators = await collectOutsideCollaborators(client, org);
  }
  if (need(GITHUB_NEEDS.samlIdentities)) {
    progress('SAML identities');
    evidence.samlIdentities = await collectSamlIdentities(client, org, ctx.config.github?.enterprise);
  }

  const withProtection = need(GITHUB_NEEDS.protection);
  const withSecurity = need(GITHUB_NEEDS.security);
  const withPulls = need(GITHUB_NEEDS.pullRequests);
  const withCommits = need(GITHUB_NEEDS.commits);
  const populations = [];
  if (withRepos) {
    const start = Date.parse(`${ctx.period.start}T00:00:00Z`);
    const end = Date.parse(`${ctx.period.end}T00:00:00Z`) + 86_400_000;
    const since = new Date(start).toISOString();
    const until = new Date(end - 1000).toISOString();
    const listed = await listRepositories(client, {
      org,
      since,
      until,
      periodStart: start,
      withProtection,
      withPulls,
      withCommits,
      onPage: (done, total) => progress(`${done}/${total} repositories`),
    });
    if (!listed.ok) {
      evidence.repositories = failed(listed.error, listed.refs);
    } else {
      const works = listed.value;
      const active = works.filter((w) => !w.repo.archived);
      if (withProtection) {
        // Mostly answered by the pages already; REST fallbacks (repositories the token cannot administer) run a few at a time.
        const limit = pLimit(ctx.tuning?.concurrency ?? 4);
        let done = 0;
        await Promise.all(
          active
            .filter((w) => w.repo.defaultBranch && w.node.defaultBranchRef)
            .map((w) =>
              limit(async () => {
                w.repo.protection = await protectionOf(client, w, (prefix) => w.errorPaths.some((e) => e.startsWith(prefix)));
                if (++done % 50 === 0) progress(`protection ${done}/${active.length} repositories`);
              }),
            ),
        );
      }
      const withPushProtection = need(GITHUB_NEEDS.pushProtection);
      if (withSecurity || withPushProtection) {
        progress('security features');
        // One listing answers both secret scanning and push protection.
        const scanning = await secretScanningByRepo(client, org);
        const alerts = withSecurity
          ? await vulnerabilityAlerts(
              client,
              active.map((w) => w.repo),
            )
          : undefined;
        for (const w of active) {
          if (withSecurity) {
            w.repo.secretScanning = secretScanningOf(w.repo, scanning);
            w.repo.vulnerabilityAlerts = alerts?.get(w.repo.fullName) ?? failed({ kind: 'other', message: 'not collected' });
          }
          if (withPushProtection) w.repo.pushProtection = secretScanningOf(w.repo, scanning, 'pushProtection');
        }
      }
      if (need(GITHUB_NEEDS.actionsSecrets)) {
        progress('Actions secret names');
        const secrets = await collectRepoSecrets(
          client,
          active.map((w) => w.repo),
          ctx.tuning?.concurrency ?? 4,
        );
        for (const w of active) w.repo.actionsSecrets = secrets.get(w.repo.fullName)!;
      }
      if (withPulls) {
        progress('merged pull requests');
        // Archived repositories too: one archived after the period may have had merges in it.
        const pulls = await completePullRequests(client, works, start);
        for (const w of works) w.repo.mergedPullRequests = pulls.get(w.repo.fullName)!;
      }
      if (withCommits) {
        progress('default-branch commits');
        const commits = await completeCommits(client, works, since, until);
        for (const w of works) w.repo.defaultBranchCommits = commits.get(w.repo.fullName)!;
      }
      const repos: GithubRepository[] = works.map((w) => w.repo);
      evidence.repositories = collected(repos, listed.refs);
      if (listed.unreadable) evidence.unlistedRepositories = { ...listed.unreadable, refs: listed.refs };
      const expectedPrivate = evidence.organization?.ok ? evidence.organization.value.privateRepositories : null;
      const seenPrivate = repos.filter((r) => r.visibility !== 'public').length;
      if (typeof expectedPrivate === 'number' && seenPrivate < expectedPrivate && !listed.unreadable) {
        evidence.unlistedRepositories = {
          count: expectedPrivate - seenPrivate,
          reason:
            `the organization has ${expectedPrivate} private repositories but the ` +
            `token could list only ${seenPrivate} (classic tokens need the repo scope; ` +
            'fine-grained tokens and Apps need access to all repositories)',
          refs: [...evidence.organization!.refs, ...listed.refs],
        };
      }
      const all = changePopulations(repos, start, end, webUrlOf(client.baseUrl));
      populations.push(all[0]!);
      if (withPulls) populations.push(all[1]!);
      if (withCommits) populations.push(all[2]!);
    }
  }

  const partial = client.missingPermissions.size > 0 || hasFailure(evidence);
  if (client.unreachable) return { evidence, outcome: outcome('failed', `GitHub API ${client.baseUrl}: ${client.unreachable}`), populations };
  return { evidence, outcome: outcome(partial ? 'partial' : 'ok', partial ? partialReason(client) : undefined), populations };
};

function hasFailure(e: GithubEvidence): boolean {
  const top = [
    e.organization,
    e.members,
    e.membersWithout2fa,
    e.repositories,
    e.workflowPermissions,
    e.orgActionsSecrets,
    e.samlSso,
    e.outsideCollaborators,
    e.samlIdentities,
  ].some((c) => c && !c.ok);
  if (top || (e.unlistedRepositories?.count ?? 0) > 0) return true;
  if (!e.repositories?.ok) return false;
  return e.repositories.value.some(
    (r) =>
      [r.protection, r.secretScanning, r.vulnerabilityAlerts, r.mergedPullRequests, r.defaultBranchCommits, r.pushProtection, r.actionsSecrets].some(
        (c) => c && !c.ok,
      ) ||
      (r.protection?.ok && (!r.protection.value.classic.ok || !r.protection.value.rules.ok)),
  );
}

function partialReason(client: GithubClient): string {
  return client.missingPermissions.size > 0
    ? `some GitHub evidence could not be read; missing: ${[...client.missingPermissions].join('; ')}`
    : 'some GitHub evidence could not be read (see the error findings)';
}

/** The web host behind an API base: api.github.com → github.com; GHES https://HOST/api/v3 → https://HOST. */
export function webUrlOf(apiBase: string): string {
  const url = new URL(apiBase);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  if (/\/api\/v3\/?$/.test(url.pathname)) return `${url.origin}`;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
