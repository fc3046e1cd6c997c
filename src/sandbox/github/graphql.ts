// GitHub GraphQL, executed against GitHub's published schema (@octokit/graphql-schema) with resolvers
// over the sandbox data: a query GitHub would reject is rejected here too. Cost follows GitHub's
// documented rule: one request per connection (times the parents' first/last), divided by 100, min 1.
import {
  buildClientSchema,
  execute,
  getNamedType,
  GraphQLError,
  isObjectType,
  isInterfaceType,
  parse,
  validate,
  type DocumentNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { schema as githubSchema } from '@octokit/graphql-schema';
import type { SandboxGithub, SandboxGithubViewer, SandboxPullRequest, SandboxRepository, SandboxRule } from './model.js';
import { isRepoAdmin, rulesetsFor } from './rest.js';
import { enterpriseRoot, organizationSaml } from './actions.js';

let cachedSchema: GraphQLSchema | undefined;

/** Built lazily on first use (the schema is large); the SDL has duplicate fields, the introspection JSON does not. */
export function githubGraphqlSchema(): GraphQLSchema {
  const json = githubSchema.json as unknown as { data?: IntrospectionQuery } & IntrospectionQuery;
  cachedSchema ??= buildClientSchema(json.data ?? json);
  return cachedSchema;
}

export interface GraphqlAnswer {
  status: number;
  body: unknown;
  cost: number;
}

export function executeGraphql(
  gh: SandboxGithub,
  viewer: SandboxGithubViewer,
  body: { query?: string; variables?: Record<string, unknown>; operationName?: string },
  remaining: number,
): GraphqlAnswer {
  const schema = githubGraphqlSchema();
  if (typeof body.query !== 'string')
    return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' }, cost: 0 };
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (err) {
    return { status: 200, body: { errors: [{ message: (err as Error).message, locations: (err as GraphQLError).locations }] }, cost: 0 };
  }
  const errors = validate(schema, document);
  if (errors.length > 0) return { status: 200, body: { errors: errors.map((e) => ({ message: e.message, locations: e.locations })) }, cost: 0 };
  const variables = body.variables ?? {};
  const cost = queryCost(schema, document, variables);
  const root = rootValue(gh, viewer, { cost, remaining: remaining - cost });
  const result = execute({
    schema,
    document,
    rootValue: root,
    contextValue: { unresolved: new Set(gh.unresolvedFields ?? []) },
    variableValues: variables,
    fieldResolver,
    typeResolver: (v) => (v as { __typename: string }).__typename,
    ...(body.operationName ? { operationName: body.operationName } : {}),
  });
  if (result instanceof Promise) throw new Error('sandbox resolvers are synchronous');
  return {
    status: 200,
    body: {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors?.length
        ? { errors: result.errors.map((e) => ({ type: e.extensions?.type, path: e.path, locations: e.locations, message: e.message })) }
        : {}),
    },
    cost,
  };
}

const fieldResolver: GraphQLFieldResolver<Record<string, unknown>, { unresolved: Set<string> }> = (source, args, ctx, info) => {
  if (ctx.unresolved.has(`${info.parentType.name}.${info.fieldName}`)) return undefined;
  const v = source?.[info.fieldName];
  return typeof v === 'function' ? (v as (a: unknown) => unknown)(args) : v;
};

// ---- Cost ----

function argValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === 'Variable') return variables[node.name.value];
  if (node.kind === 'IntValue') return Number(node.value);
  return undefined;
}

function included(
  directives: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[] | undefined,
  variables: Record<string, unknown>,
): boolean {
  for (const d of directives ?? []) {
    const ifArg = d.arguments?.find((a) => a.name.value === 'if');
    const v = ifArg
      ? ifArg.value.kind === 'BooleanValue'
        ? ifArg.value.value
        : (argValue(ifArg.value, variables) ?? variables[(ifArg.value as { name?: { value: string } }).name?.value ?? ''])
      : true;
    if (d.name.value === 'include' && !v) return false;
    if (d.name.value === 'skip' && v) return false;
  }
  return true;
}

export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): number {
  const fragments = new Map(
    document.definitions
      .filter((d) => d.kind === 'FragmentDefinition')
      .map((d) => [(d as { name: { value: string } }).name.value, d as { selectionSet: SelectionSetNode; typeCondition: { name: { value: string } } }]),
  );
  let requests = 0;
  const walk = (set: SelectionSetNode, type: GraphQLNamedType, multiplier: number) => {
    for (const sel of set.selections) {
      if (!included(sel.directives as never, variables)) continue;
      if (sel.kind === 'InlineFragment') {
        walk(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value)! : type, multiplier);
        continue;
      }
      if (sel.kind === 'FragmentSpread') {
        const f = fragments.get(sel.name.value);
        if (f) walk(f.selectionSet, schema.getType(f.typeCondition.name.value)!, multiplier);
        continue;
      }
      if (!sel.selectionSet || !(isObjectType(type) || isInterfaceType(type))) continue;
      const field = type.getFields()[sel.name.value] as GraphQLField<unknown, unknown> | undefined;
      if (!field) continue;
      const child = getNamedType(field.type);
      let next = multiplier;
      if (child.name.endsWith('Connection')) {
        requests += multiplier;
        const first = argValue(sel.arguments?.find((a) => a.name.value === 'first')?.value, variables);
        const last = argValue(sel.arguments?.find((a) => a.name.value === 'last')?.value, variables);
        next = multiplier * (Number(first ?? last ?? 100) || 1);
      }
      walk(sel.selectionSet, child, next);
    }
  };
  for (const def of document.definitions) if (def.kind === 'OperationDefinition') walk(def.selectionSet, schema.getQueryType()!, 1);
  return Math.max(1, Math.round(requests / 100));
}

// ---- Resolvers over sandbox data ----

interface ConnArgs {
  first?: number;
  last?: number;
  after?: string;
}

function connection<T>(items: T[], args: ConnArgs, name: string) {
  if (args.first === undefined && args.last === undefined)
    throw new GraphQLError(`You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
  const n = args.first ?? args.last!;
  if (n > 100 || n < 0)
    throw new GraphQLError(
      `Requesting ${n} records on the \`${name}\` connection exceeds the \`${args.first !== undefined ? 'first' : 'last'}\` limit of 100 records.`,
    );
  const start = args.after ? Number(Buffer.from(args.after, 'base64').toString('utf8').replace('cursor:v2:', '')) + 1 : 0;
  const slice = items.slice(start, start + n);
  const cursor = (i: number) => Buffer.from(`cursor:v2:${start + i}`).toString('base64');
  return {
    totalCount: items.length,
    nodes: slice,
    edges: slice.map((node, i) => ({ node, cursor: cursor(i) })),
    pageInfo: {
      hasNextPage: start + n < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(0) : null,
      endCursor: slice.length ? cursor(slice.length - 1) : null,
    },
  };
}

const user = (login: string | null) => (login ? { __typename: 'User', login, url: `https://github.com/${login}` } : null);

function ruleNode(rule: SandboxRule) {
  const type = rule.type.toUpperCase();
  let parameters: unknown = null;
  if (rule.type === 'pull_request')
    parameters = {
      __typename: 'PullRequestParameters',
      requiredApprovingReviewCount: rule.requiredApprovals,
      dismissStaleReviewsOnPush: false,
      requireCodeOwnerReview: false,
      requireLastPushApproval: false,
      requiredReviewThreadResolution: false,
    };
  if (rule.type === 'required_status_checks')
    parameters = {
      __typename: 'RequiredStatusChecksParameters',
      requiredStatusChecks: rule.contexts.map((context) => ({ context, integrationId: null })),
      strictRequiredStatusChecksPolicy: true,
    };
  return { type, parameters };
}

function pullNode(gh: SandboxGithub, repo: SandboxRepository, pr: SandboxPullRequest) {
  return {
    __typename: 'PullRequest',
    number: pr.number,
    title: pr.title,
    url: `https://github.com/${gh.org}/${repo.name}/pull/${pr.number}`,
    updatedAt: pr.updatedAt,
    mergedAt: pr.mergedAt,
    merged: pr.mergedAt !== null,
    state: pr.mergedAt ? 'MERGED' : 'CLOSED',
    baseRefName: pr.base,
    author: user(pr.author),
    mergedBy: user(pr.mergedBy),
    mergeCommit: pr.mergeCommit ? { oid: pr.mergeCommit } : null,
    reviews: (args: ConnArgs) =>
      connection(
        pr.reviews.map((r) => ({ __typename: 'PullRequestReview', author: user(r.author), state: r.state, submittedAt: r.submittedAt })),
        args,
        'reviews',
      ),
  };
}

function repositoryNode(gh: SandboxGithub, repo: SandboxRepository, viewer: SandboxGithubViewer) {
  const admin = isRepoAdmin(viewer, repo);
  const full = `${gh.org}/${repo.name}`;
  const commitNode = (c: SandboxRepository['commits'][number]) => ({
    __typename: 'Commit',
    oid: c.sha,
    committedDate: c.committedDate,
    messageHeadline: c.message.split('\n')[0],
    author: { user: user(c.author), name: c.author },
    associatedPullRequests: (args: ConnArgs) => {
      const pr = repo.pullRequests.find((p) => p.number === c.pullRequest);
      return connection(pr ? [pullNode(gh, repo, pr)] : [], args, 'associatedPullRequests');
    },
  });
  const refNode = (branch: string) => ({
    __typename: 'Ref',
    name: branch,
    prefix: 'refs/heads/',
    // Classic rules are visible to admins only; GitHub answers null for everyone else.
    branchProtectionRule: admin && repo.classic && branch === repo.defaultBranch ? classicNode(repo) : null,
    rules: (args: ConnArgs) => {
      const rules = branch === repo.defaultBranch ? rulesetsFor(gh, repo).filter((r) => r.ruleset.enforcement === 'active') : [];
      const nodes = rules.flatMap(({ ruleset, source }) =>
        ruleset.rules.map((rule) => ({
          __typename: 'RepositoryRule',
          ...ruleNode(rule),
          repositoryRuleset: {
            databaseId: ruleset.id,
            name: ruleset.name,
            enforcement: ruleset.enforcement.toUpperCase(),
            source: source === 'Organization' ? { __typename: 'Organization', login: gh.org } : { __typename: 'Repository', nameWithOwner: full },
            // Bypass lists are shown to those who can edit the ruleset.
            bypassActors: (a: ConnArgs) =>
              admin && (source === 'Repository' || viewer.owner)
                ? connection(
                    ruleset.bypass.map((b) => ({
                      organizationAdmin: b.kind === 'OrganizationAdmin',
                      repositoryRoleName: b.kind === 'RepositoryRole' ? (b.name ?? 'admin') : null,
                      deployKey: b.kind === 'DeployKey',
                      bypassMode: (b.mode ?? 'always').toUpperCase(),
                      actor: b.kind === 'Team' ? { __typename: 'Team', slug: b.name } : b.kind === 'App' ? { __typename: 'App', slug: b.name } : null,
                    })),
                    a,
                    'bypassActors',
                  )
                : null,
          },
        })),
      );
      return connection(nodes, args, 'rules');
    },
    target: {
      __typename: 'Commit',
      oid: repo.commits[0]?.sha ?? '0'.repeat(40),
      history: (args: ConnArgs & { since?: string; until?: string }) => {
        const since = args.since ? Date.parse(args.since) : -Infinity;
        const until = args.until ? Date.parse(args.until) : Infinity;
        const commits = [...repo.commits]
          .filter((c) => Date.parse(c.committedDate) >= since && Date.parse(c.committedDate) <= until)
          .sort((a, b) => b.committedDate.localeCompare(a.committedDate))
          .map(commitNode);
        return connection(commits, args, 'history');
      },
    },
  });
  return {
    __typename: 'Repository',
    name: repo.name,
    nameWithOwner: full,
    isArchived: repo.archived,
    isEmpty: repo.defaultBranch === null,
    isPrivate: repo.visibility !== 'public',
    visibility: repo.visibility.toUpperCase(),
    viewerCanAdminister: admin,
    owner: { __typename: 'Organization', login: gh.org },
    url: `https://github.com/${full}`,
    collaborators: (args: ConnArgs & { affiliation?: string }) => {
      if (!admin) throw new GraphQLError('Must have push access to view repository collaborators.', { extensions: { type: 'FORBIDDEN' } });
      const outside = (gh.outsideCollaborators ?? [])
        .filter((c) => c.repositories[repo.name])
        .map((c) => ({ permission: c.repositories[repo.name], node: user(c.login) }));
      const members = args.affiliation === 'OUTSIDE' ? [] : gh.members.map((m) => ({ permission: 'WRITE', node: user(m.login) }));
      const edges = [...outside, ...members];
      const page = connection(edges, args, 'collaborators');
      return { ...page, edges: page.nodes, nodes: page.nodes.map((e) => e.node) };
    },
    hasVulnerabilityAlertsEnabled: () => {
      if (!admin) throw new GraphQLError('Must have admin rights to Repository.', { extensions: { type: 'FORBIDDEN' } });
      return repo.vulnerabilityAlerts;
    },
    defaultBranchRef: repo.defaultBranch ? refNode(repo.defaultBranch) : null,
    ref: (args: { qualifiedName: string }) => {
      const name = args.qualifiedName.replace(/^refs\/heads\//, '');
      return name === repo.defaultBranch ? refNode(name) : null;
    },
    pullRequests: (args: ConnArgs & { states?: string[]; baseRefName?: string; orderBy?: { field: string; direction: string } }) => {
      let prs = repo.pullRequests.filter(
        (p) => (!args.states || args.states.includes(p.mergedAt ? 'MERGED' : 'CLOSED')) && (!args.baseRefName || p.base === args.baseRefName),
      );
      const field = args.orderBy?.field === 'UPDATED_AT' ? 'updatedAt' : 'number';
      prs = [...prs].sort((a, b) => (field === 'updatedAt' ? a.updatedAt.localeCompare(b.updatedAt) : a.number - b.number));
      if ((args.orderBy?.direction ?? 'ASC') === 'DESC') prs.reverse();
      return connection(
        prs.map((p) => pullNode(gh, repo, p)),
        args,
        'pullRequests',
      );
    },
  };
}

function identityProvider(saml: NonNullable<SandboxGithub['samlLinks']>) {
  return {
    externalIdentities: (args: ConnArgs) =>
      connection(
        saml.identities.map((i) => ({
          __typename: 'ExternalIdentity',
          samlIdentity: { nameId: i.nameId, emails: [{ value: i.nameId }] },
          user: user(i.login),
        })),
        args,
        'externalIdentities',
      ),
  };
}

function classicNode(repo: SandboxRepository) {
  const c = repo.classic!;
  return {
    pattern: repo.defaultBranch,
    requiresApprovingReviews: c.requiredApprovals !== null,
    requiredApprovingReviewCount: c.requiredApprovals,
    allowsForcePushes: c.allowForcePushes,
    allowsDeletions: c.allowDeletions,
    requiresStatusChecks: c.statusChecks.length > 0,
    requiredStatusCheckContexts: c.statusChecks,
    isAdminEnforced: c.enforceAdmins,
    bypassPullRequestAllowances: (a: ConnArgs) => connection(c.bypassUsers ?? [], a, 'bypassPullRequestAllowances'),
    bypassForcePushAllowances: (a: ConnArgs) => connection([], a, 'bypassForcePushAllowances'),
  };
}

function rootValue(gh: SandboxGithub, viewer: SandboxGithubViewer, rate: { cost: number; remaining: number }) {
  const repoByName = (name: string) =>
    gh.repositories.find((r) => r.name.toLowerCase() === name.toLowerCase() && (!viewer.publicOnly || r.visibility === 'public'));
  return {
    rateLimit: {
      cost: rate.cost,
      remaining: Math.max(rate.remaining, 0),
      limit: 5000,
      used: 5000 - rate.remaining,
      nodeCount: 0,
      resetAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
    viewer: { __typename: 'User', login: viewer.login },
    organization: (args: { login: string }) => {
      if (args.login.toLowerCase() !== gh.org.toLowerCase())
        throw new GraphQLError(`Could not resolve to an Organization with the login of '${args.login}'.`, { extensions: { type: 'NOT_FOUND' } });
      return {
        __typename: 'Organization',
        login: gh.org,
        name: gh.orgName,
        requiresTwoFactorAuthentication: viewer.owner ? gh.twoFactorRequired : null,
        viewerCanAdminister: viewer.owner,
        // Shown to owners only; null for everyone else, and on plans (or orgs) without SAML. The SSO
        // settings (saml-sso check) and the external identities (people linking) are one object on GitHub.
        samlIdentityProvider: () => {
          if (viewer.noSamlRead) throw new GraphQLError('Resource not accessible by integration', { extensions: { type: 'FORBIDDEN' } });
          const settings = organizationSaml(gh, viewer).samlIdentityProvider;
          const links = viewer.owner && gh.samlLinks?.at === 'organization' ? identityProvider(gh.samlLinks) : null;
          if (!settings && !links) return null;
          return { ...(settings ?? {}), ...(links ?? { externalIdentities: (args: ConnArgs) => connection([], args, 'externalIdentities') }) };
        },
        repositories: (args: ConnArgs & { orderBy?: { field: string; direction: string } }) => {
          const repos = gh.repositories.filter((r) => !viewer.publicOnly || r.visibility === 'public').sort((a, b) => a.name.localeCompare(b.name));
          if (args.orderBy?.direction === 'DESC') repos.reverse();
          return connection(
            repos.map((r) => repositoryNode(gh, r, viewer)),
            args,
            'repositories',
          );
        },
      };
    },
    enterprise: (args: { slug: string }) => {
      const links = gh.samlLinks?.at === 'enterprise' && gh.samlLinks.enterprise?.toLowerCase() === args.slug.toLowerCase() ? gh.samlLinks : undefined;
      if (links) {
        if (viewer.noSamlRead) throw new GraphQLError('Resource not accessible by integration', { extensions: { type: 'FORBIDDEN' } });
        return { __typename: 'Enterprise', slug: links.enterprise, ownerInfo: viewer.owner ? { samlIdentityProvider: identityProvider(links) } : null };
      }
      return enterpriseRoot(gh, viewer)(args);
    },
    repository: (args: { owner: string; name: string }) => {
      const repo = args.owner.toLowerCase() === gh.org.toLowerCase() ? repoByName(args.name) : undefined;
      if (!repo) throw new GraphQLError(`Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`, { extensions: { type: 'NOT_FOUND' } });
      return repositoryNode(gh, repo, viewer);
    },
  };
}
