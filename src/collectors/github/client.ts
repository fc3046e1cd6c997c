// One GitHub client per run: Octokit with the throttling and retry plugins, auth from GITHUB_TOKEN or a
// GitHub App installation, and `rest` / `paginate` / `graphql`, which record every response as
// evidence, count requests and GraphQL points, and turn failures into CollectionErrors.
import { readFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { backoffDelay, retryDelay } from '../../core/backoff.js';
import { signJwtRs256 } from '../jwt.js';
import { errorMessage } from '../../core/errors.js';
import type { CollectionError, EvidenceRef } from '../../core/types.js';
import type { CollectContext } from '../types.js';
import { fastFailCode, unreachableMessage } from '../network.js';
import { GITHUB_KEEP, GRAPHQL_KEEP, GRAPHQL_PARAMETERS_KEEP, REST_PARAMETERS_KEEP } from './keep.js';

const GithubOctokit = Octokit.plugin(throttling, retry);
type GithubOctokitInstance = InstanceType<typeof GithubOctokit>;

export class GithubReadError extends Error {
  constructor(
    readonly error: CollectionError,
    readonly status: number | undefined,
    /** GitHub's `message` from the error body ("Branch not protected", "Not Found"…). */
    readonly githubMessage: string,
    readonly refs: EvidenceRef[] = [],
  ) {
    super(error.message);
  }
}

export interface GraphqlResult<T> {
  data: T | null;
  errors: Array<{ message: string; type?: string; path?: Array<string | number> }>;
  ref: EvidenceRef;
}

export function apiBaseUrl(ctx: CollectContext): string {
  return (ctx.config.github?.apiUrl ?? ctx.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}

/** GitHub.com: /graphql next to the REST root; GHES: https://HOST/api/graphql for https://HOST/api/v3. */
export function graphqlUrl(base: string): string {
  return /\/api\/v3$/.test(base) ? base.replace(/\/api\/v3$/, '/api/graphql') : `${base}/graphql`;
}

export class GithubClient {
  readonly requests: Record<string, number> = {};
  readonly missingPermissions = new Set<string>();
  graphqlPoints = 0;
  rateLimitRemaining: { rest?: number; graphql?: number } = {};
  retries = 0;
  /** HTTP attempts sent (requests plus the retry plugin's retries). */
  attempts = 0;
  /** Set when the API host did not resolve or refused the connection: nothing more will get through. */
  unreachable: string | undefined;
  private octokit!: GithubOctokitInstance;
  readonly baseUrl: string;
  readonly graphqlUrl: string;

  constructor(private readonly ctx: CollectContext) {
    this.baseUrl = apiBaseUrl(ctx);
    this.graphqlUrl = graphqlUrl(this.baseUrl);
  }

  /** Authenticates (token, or App installation token) and builds the Octokit instance. */
  async connect(): Promise<void> {
    const token = await this.resolveToken();
    this.octokit = this.build(token);
  }

  private build(token: string | undefined): GithubOctokitInstance {
    const tuning = this.ctx.tuning;
    const base = tuning?.retryBaseMs ?? 1000;
    const maxRetries = Math.max((tuning?.maxAttempts ?? 6) - 1, 1);
    const onLimit = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
      this.retries++;
      // Wait out GitHub's limits (up to 15 minutes), a few times; beyond that the read fails and says so.
      return retryCount < maxRetries && retryAfter <= 900;
    };
    return new GithubOctokit({
      ...(token ? { auth: token } : {}),
      baseUrl: this.baseUrl,
      userAgent: 'soc2-evidence',
      request: { retries: maxRetries, fetch: this.fetchOnce },
      retry: { retries: maxRetries, retryAfterBaseValue: base },
      throttle: {
        onRateLimit: onLimit,
        onSecondaryRateLimit: onLimit,
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: 60,
        // GraphQL queries are reads; the plugin's one-second spacing is meant for writes. We send them one at a time.
        write: passThroughLimiter as never,
      },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
  }

  /**
   * fetch, except that a DNS failure or a refused connection is not retried: Octokit's retry plugin
   * backs off on any failed request, but lets an AbortError through at once.
   */
  private readonly fetchOnce = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.attempts++;
    try {
      return await fetch(input, init);
    } catch (err) {
      const code = fastFailCode(err);
      if (!code) throw err;
      this.unreachable = unreachableMessage(String(input instanceof Request ? input.url : input), code);
      throw Object.assign(new Error(this.unreachable), { name: 'AbortError', code });
    }
  };

  private async resolveToken(): Promise<string | undefined> {
    const gh = this.ctx.config.github;
    const env = this.ctx.env;
    if (gh?.appId !== undefined && gh.installationId !== undefined) {
      const key = env.GITHUB_APP_PRIVATE_KEY ?? (env.GITHUB_APP_PRIVATE_KEY_FILE ? readFileSync(env.GITHUB_APP_PRIVATE_KEY_FILE, 'utf8') : undefined);
      if (!key)
        throw new GithubReadError(
          { kind: 'auth', message: 'github.appId is set but neither GITHUB_APP_PRIVATE_KEY nor GITHUB_APP_PRIVATE_KEY_FILE is.' },
          undefined,
          '',
        );
      const jwt = await appJwt(String(gh.appId), key.replace(/\\n/g, '\n'), this.ctx.now);
      this.ctx.store.addSecret(jwt);
      const app = this.build(undefined);
      try {
        // The only POST the tool makes: exchanging the app's JWT for a read-only installation token.
        const res = await app.request('POST /app/installations/{installation_id}/access_tokens', {
          installation_id: Number(gh.installationId),
          headers: { authorization: `Bearer ${jwt}` },
        });
        this.count('POST /app/installations/{installation_id}/access_tokens');
        this.ctx.store.addSecret(res.data.token);
        return res.data.token;
      } catch (err) {
        throw new GithubReadError({ kind: 'auth', message: `GitHub App authentication failed: ${errorMessage(err)}` }, statusOf(err), '');
      }
    }
    const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
    if (!token)
      throw new GithubReadError(
        { kind: 'auth', message: 'no GitHub credentials: set GITHUB_TOKEN (or configure github.appId + github.installationId with GITHUB_APP_PRIVATE_KEY).' },
        undefined,
        '',
      );
    return token;
  }

  private count(operation: string): void {
    this.requests[operation] = (this.requests[operation] ?? 0) + 1;
  }

  private record(operation: string, parameters: unknown, headers: Record<string, unknown>, response: unknown): EvidenceRef {
    const remaining = Number(headers['x-ratelimit-remaining']);
    if (Number.isFinite(remaining) && !operation.startsWith('graphql:')) this.rateLimitRemaining.rest = remaining;
    const graphql = operation.startsWith('graphql:');
    const keep = graphql ? GRAPHQL_KEEP : GITHUB_KEEP[operation];
    return this.ctx.store.record({
      source: 'github',
      service: 'github',
      operation,
      parameters,
      ...(typeof headers['x-github-request-id'] === 'string' ? { requestId: headers['x-github-request-id'] } : {}),
      response,
      ...(keep ? { keep, keepParameters: graphql ? GRAPHQL_PARAMETERS_KEEP : REST_PARAMETERS_KEEP } : {}),
    });
  }

  /** One REST read. `route` is the documented template, e.g. `GET /orgs/{org}`. */
  async rest<T>(route: string, params: Record<string, string | number>, needs?: string): Promise<{ data: T; ref: EvidenceRef }> {
    this.count(route);
    try {
      const res = await this.octokit.request(route, params);
      return { data: res.data as T, ref: this.record(route, params, res.headers as Record<string, unknown>, res.data) };
    } catch (err) {
      throw this.readError(err, route, params, needs);
    }
  }

  /** Every page of a REST list (Link header), each page recorded. */
  async paginate<T>(route: string, params: Record<string, string | number>, needs?: string): Promise<{ data: T[]; refs: EvidenceRef[] }> {
    const data: T[] = [];
    const refs: EvidenceRef[] = [];
    let page = 1;
    try {
      for await (const res of this.octokit.paginate.iterator(route, { per_page: 100, ...params })) {
        this.count(route);
        const items = res.data as T[];
        data.push(...items);
        refs.push(this.record(route, { ...params, page: page++ }, res.headers as Record<string, unknown>, items));
      }
      return { data, refs };
    } catch (err) {
      this.count(route);
      throw this.readError(err, route, params, needs, refs);
    }
  }

  /** One GraphQL query; partial errors are returned, not thrown. `name` is the query's operation name. */
  async graphql<T>(name: string, query: string, variables: Record<string, unknown>, attempt = 0): Promise<GraphqlResult<T>> {
    const operation = `graphql:${name}`;
    this.count(operation);
    let res: Awaited<ReturnType<GithubOctokitInstance['request']>>;
    try {
      res = await this.octokit.request({ method: 'POST', url: this.graphqlUrl, query, variables });
    } catch (err) {
      throw this.readError(err, operation, variables, undefined);
    }
    // GitHub's primary limit on GraphQL is a 200 with a RATE_LIMITED error, which the throttling plugin
    // does not see for an absolute GraphQL URL: wait for the reset (bounded) and ask again, a few times.
    const limitedOnly =
      !(res.data as { data?: unknown }).data && ((res.data as { errors?: Array<{ type?: string }> }).errors ?? []).some((e) => e.type === 'RATE_LIMITED');
    const maxRetries = Math.max((this.ctx.tuning?.maxAttempts ?? 6) - 1, 1);
    if (limitedOnly && attempt < maxRetries) {
      const reset = Number((res.headers as Record<string, unknown>)['x-ratelimit-reset']) * 1000 - Date.now();
      if (!(reset > 900_000)) {
        this.retries++;
        const backoff = { baseMs: this.ctx.tuning?.retryBaseMs ?? 1000, capMs: 900_000 };
        await new Promise((r) =>
          setTimeout(r, Number.isFinite(reset) && reset > 0 ? retryDelay(attempt + 1, backoff, reset) : backoffDelay(attempt + 1, backoff)),
        );
        return this.graphql<T>(name, query, variables, attempt + 1);
      }
    }
    const body = res.data as { data?: T | null; errors?: GraphqlResult<T>['errors'] };
    const rate = (body.data as { rateLimit?: { cost?: number; remaining?: number } } | null | undefined)?.rateLimit;
    if (rate?.cost !== undefined) this.graphqlPoints += rate.cost;
    if (rate?.remaining !== undefined) this.rateLimitRemaining.graphql = rate.remaining;
    const ref = this.record(operation, { query, variables }, res.headers as Record<string, unknown>, body);
    const limited = (body.errors ?? []).find((e) => e.type === 'RATE_LIMITED');
    if (limited && !body.data) {
      // Still limited after the throttling plugin's waits: the read failed (never an empty answer).
      throw new GithubReadError({ kind: 'throttled', message: `${operation}: ${limited.message}`, operation }, res.status, limited.message, [ref]);
    }
    return { data: body.data ?? null, errors: body.errors ?? [], ref };
  }

  private readError(err: unknown, operation: string, params: unknown, needs: string | undefined, refs: EvidenceRef[] = []): GithubReadError {
    const status = statusOf(err);
    const response = (err as { response?: { data?: unknown; headers?: Record<string, unknown> } }).response;
    const body = response?.data as { message?: string } | undefined;
    const network = fastFailCode(err) ? this.unreachable : undefined;
    const message = network ?? (typeof body?.message === 'string' ? body.message : errorMessage(err));
    // Failed answers are evidence too (a 404 "Branch not protected" is what a check rests on).
    const allRefs = response ? [...refs, this.record(operation, params, response.headers ?? {}, { status, body: response.data ?? null })] : refs;
    let kind: CollectionError['kind'] = 'other';
    if (network) kind = 'unreachable';
    else if (status === 401) kind = 'auth';
    else if (status === 403 && /rate limit/i.test(message)) kind = 'throttled';
    else if (status === 403 || (status === 404 && needs)) kind = 'access_denied';
    else if (status === 404) kind = 'not_found';
    else if (status !== undefined && status >= 500) kind = 'unreachable';
    else if (status === undefined) kind = 'unreachable';
    const error: CollectionError = {
      kind,
      message: network ? `${operation}: ${network}` : `${operation} answered ${status ?? 'no response'}: ${message}`,
      operation,
      ...(kind === 'access_denied' && needs ? { missingPermission: needs } : {}),
    };
    if (error.missingPermission) this.missingPermissions.add(error.missingPermission);
    return new GithubReadError(error, status, message, allRefs);
  }
}

/** Rate-limit bookkeeping a Bottleneck group would do, minus the spacing (duck-typed for the plugin). */
const passThroughLimiter = {
  key: () => ({ schedule: (...args: unknown[]) => (typeof args[0] === 'function' ? (args[0] as () => unknown)() : (args[1] as () => unknown)()) }),
};

export function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

/** RS256 JWT for a GitHub App (9 minutes, issued a minute early for clock drift: within GitHub's 10-minute limit). */
export function appJwt(appId: string, privateKeyPem: string, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000) - 60;
  return signJwtRs256({ iat, exp: iat + 540, iss: appId }, privateKeyPem);
}
