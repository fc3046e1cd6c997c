// An AWS session: credentials for one account, clients per service and region, and `send`, which
// makes a read call, stores its response as evidence, counts it, and turns failures into a
// CollectionError that names the missing IAM action.
import { envEndpoint } from '../../core/aws-env.js';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit, { type LimitFunction } from 'p-limit';
import { errorMessage } from '../../core/errors.js';
import { fastFailCode } from '../network.js';
import type { CollectionError, EvidenceRef } from '../../core/types.js';
import type { EvidenceStore } from '../../run/evidence-store.js';
import { PatientRetryStrategy, type RetryTuning } from './retry.js';
import { AWS_KEEP } from './keep.js';
import { DOCUMENTED_RATES, TokenBucket, type DocumentedRate } from './rate.js';
import { AWS_SERVICES, iamActionFor, type AwsClientOf, type AwsServiceId } from './services.js';

export class AwsReadError extends Error {
  constructor(
    readonly error: CollectionError,
    /** AWS's error code (`NoSuchEntity`, `AccessDenied`…). */
    readonly code: string,
  ) {
    super(error.message);
  }
}

/**
 * Client settings the SDK would otherwise work out for every client it builds, from the environment and the
 * shared config files (FIPS and dual-stack endpoints, app id, checksum modes, auth scheme preference…). They
 * do not depend on the account or region, so they are resolved once per service, by the SDK's own loaders on
 * the run's first client of that service, and handed to every later client as fixed values. With 24 clients
 * per account, resolving them per client was a tenth of the run's CPU at organisation scale.
 */
const SHARED_SETTINGS = [
  'useFipsEndpoint',
  'useDualstackEndpoint',
  'userAgentAppId',
  'authSchemePreference',
  'maxAttempts',
  'retryMode',
  'requestChecksumCalculation',
  'responseChecksumValidation',
  'useArnRegion',
  'disableS3ExpressSessionAuth',
  'sigv4aSigningRegionSet',
  'disableRequestCompression',
  'requestMinCompressionSizeBytes',
  'accountIdEndpointMode',
] as const;

/** Shared by every session of a run: environment, retry tuning, request counts, evidence store, connections. */
export class AwsRunContext {
  readonly requests: Record<string, number> = {};
  readonly missingPermissions = new Set<string>();
  /** Every session of the run, so their clients can be dropped when collection ends. */
  readonly sessions = new Set<AwsSession>();
  private readonly retry: PatientRetryStrategy;
  /**
   * One connection pool for the whole run: every client of every account sends through it, so an account's
   * requests reuse the keep-alive connections earlier accounts opened to the same endpoint, and a finished
   * account leaves no sockets behind. The calls in flight are bounded by the account and per-service limits.
   */
  private readonly handler: NodeHttpHandler;
  /** Per service: the settings resolved on the run's first client (see SHARED_SETTINGS). */
  private readonly settings = new Map<AwsServiceId, Record<string, unknown> | 'resolving'>();

  constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly store: EvidenceStore,
    /** Also paces collectors' own polling (the credential report), so tests stay fast. */
    readonly retryTuning: RetryTuning,
    /** Concurrent calls per service and account. */
    readonly concurrency: number,
    /** Published request rates per service, account and Region (tests pass their own). */
    readonly rates: Partial<Record<AwsServiceId, DocumentedRate>> = DOCUMENTED_RATES,
  ) {
    this.retry = new PatientRetryStrategy(retryTuning);
    this.handler = new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true }), httpsAgent: new HttpsAgent({ keepAlive: true }) });
  }

  /** `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`, as the SDKs define them. */
  endpointFor(service: AwsServiceId): string | undefined {
    return envEndpoint(this.env, AWS_SERVICES[service].envKey);
  }

  defaultRegion(): string {
    return this.env.AWS_REGION || this.env.AWS_DEFAULT_REGION || 'us-east-1';
  }

  createClient<S extends AwsServiceId>(
    service: S,
    region: string,
    credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined,
  ): AwsClientOf<S> {
    const endpoint = this.endpointFor(service);
    const known = this.settings.get(service);
    const config: Record<string, unknown> = {
      ...(known && known !== 'resolving' ? known : {}),
      region,
      retryStrategy: this.retry,
      requestHandler: this.handler,
      ...(credentials ? { credentials } : {}),
      ...(endpoint ? { endpoint } : {}),
    };
    if (endpoint && service === 's3') config.forcePathStyle = true;
    // A bucket asked in the wrong region answers 301 naming its region (x-amz-bucket-region): follow it.
    if (service === 's3') config.followRegionRedirects = true;
    if (endpoint && service === 's3control') {
      // The SDK's endpoint rules prefix the account id to a custom host, which then does not resolve.
      const url = new URL(endpoint);
      config.endpointProvider = () => ({ url });
    }
    const Client = AWS_SERVICES[service].Client as unknown as new (c: Record<string, unknown>) => AwsClientOf<S>;
    const client = new Client(config);
    if (!known) this.learnSettings(service, client as unknown as { config: Record<string, unknown> });
    return client;
  }

  /** Resolve the run's shared settings on this service's first client, with the SDK's own providers. */
  private learnSettings(service: AwsServiceId, client: { config: Record<string, unknown> }): void {
    this.settings.set(service, 'resolving');
    void Promise.all(
      SHARED_SETTINGS.filter((key) => typeof client.config[key] === 'function').map(async (key) => {
        const value = await (client.config[key] as () => Promise<unknown>)();
        // A provider, not the bare value: the SDK reads a missing value from the environment again.
        return [key, () => Promise.resolve(value)] as const;
      }),
    ).then(
      (entries) => this.settings.set(service, Object.fromEntries(entries)),
      // A setting the SDK cannot resolve fails that client's calls, which say why; later clients resolve their own.
      () => this.settings.delete(service),
    );
  }

  /** Drop every session's clients and close the run's connections once collection is over. */
  destroySessions(): void {
    for (const session of this.sessions) session.destroy();
    this.sessions.clear();
    this.handler.destroy();
  }

  count(service: AwsServiceId): void {
    this.requests[service] = (this.requests[service] ?? 0) + 1;
  }
}

type Sendable = { send(command: unknown): Promise<unknown> };
type CommandOf = { input: unknown; constructor: { name: string } };

export class AwsSession {
  private readonly clients = new Map<string, unknown>();
  private readonly limits = new Map<string, LimitFunction>();
  /** Per service and Region, for services with a published request rate (rate.ts). */
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly run: AwsRunContext,
    readonly accountId: string,
    readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined,
  ) {
    run.sessions.add(this);
  }

  /** Drop the session's clients (their connections belong to the run's pool); the session is not used afterwards. */
  destroy(): void {
    this.clients.clear();
    this.limits.clear();
    this.buckets.clear();
  }

  /** Done with this account: its clients (and their caches) are released now rather than at the run's end. */
  release(): void {
    this.destroy();
    this.run.sessions.delete(this);
  }

  client<S extends AwsServiceId>(service: S, region: string): AwsClientOf<S> {
    const key = `${service}/${region}`;
    let client = this.clients.get(key) as AwsClientOf<S> | undefined;
    if (!client) {
      client = this.run.createClient(service, region, this.credentials);
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * Send one read call (bounded per service), record the response as evidence, and return both.
   * Failures throw AwsReadError with the error classified and the missing IAM action named.
   * `recordOnly` rewrites the response before it is recorded or returned (drops secret values).
   */
  async send<O>(service: AwsServiceId, region: string, command: CommandOf, recordOnly?: (output: O) => O): Promise<{ output: O; ref: EvidenceRef }> {
    const operation = command.constructor.name.replace(/Command$/, '');
    const action = iamActionFor(service, operation);
    let limit = this.limits.get(service);
    if (!limit) {
      limit = pLimit(this.run.concurrency);
      this.limits.set(service, limit);
    }
    const rate = this.run.rates[service];
    let bucket: TokenBucket | undefined;
    if (rate) {
      bucket = this.buckets.get(`${service}/${region}`);
      if (!bucket) {
        bucket = TokenBucket.forRate(rate);
        this.buckets.set(`${service}/${region}`, bucket);
      }
    }
    return limit(async () => {
      await bucket?.take();
      this.run.count(service);
      try {
        const received = (await (this.client(service, region) as Sendable).send(command)) as O & { $metadata?: { requestId?: string } };
        // `recordOnly` drops what must never reach the evidence (secret values) before anything sees it.
        const output = (recordOnly ? { ...recordOnly(received), $metadata: received.$metadata } : received) as O & { $metadata?: { requestId?: string } };
        const keep = AWS_KEEP[`${service}:${operation}`];
        const ref = this.run.store.record({
          source: 'aws',
          service: AWS_SERVICES[service].actionPrefix,
          operation: `${service}:${operation}`,
          parameters: command.input,
          account: this.accountId,
          region,
          ...(output.$metadata?.requestId ? { requestId: output.$metadata.requestId } : {}),
          response: recordable(output),
          ...(keep ? { keep: keep.response, keepParameters: keep.parameters } : {}),
        });
        return { output, ref };
      } catch (err) {
        // The session's credentials could not be renewed (the role was deleted or its trust changed mid-run).
        if (err instanceof AwsReadError) {
          throw new AwsReadError(
            {
              ...err.error,
              kind: 'auth',
              message: `${operation} not sent: the credentials for account ${this.accountId} could not be renewed: ${err.error.message}`,
              operation,
            },
            err.code,
          );
        }
        const error = classifyAwsError(err, action, operation);
        if (error.kind === 'access_denied' && error.missingPermission) this.run.missingPermissions.add(error.missingPermission);
        throw new AwsReadError(error, (err as { name?: string }).name ?? 'Error');
      }
    });
  }
}

/**
 * AWS's "not configured" error answers (NoSuchEntity, NoSuchBucketPolicy…) are answers, not failures:
 * kept as evidence like any response, so a fail resting on them cites what AWS said.
 */
export function recordErrorAnswer(
  session: AwsSession,
  service: AwsServiceId,
  region: string,
  operation: string,
  parameters: unknown,
  err: AwsReadError,
): EvidenceRef {
  return session.run.store.record({
    source: 'aws',
    service: AWS_SERVICES[service].actionPrefix,
    operation: `${service}:${operation}`,
    parameters,
    account: session.accountId,
    region,
    response: { Error: { Code: err.code, Message: err.error.message } },
    keep: { Error: { Code: true, Message: true } },
    ...(AWS_KEEP[`${service}:${operation}`] ? { keepParameters: AWS_KEEP[`${service}:${operation}`]!.parameters } : {}),
  });
}

/** Blobs (the credential report's `Content`) are stored as their UTF-8 text, not as a map of byte indexes. */
function recordable(output: unknown): unknown {
  if (!output || typeof output !== 'object') return output;
  const entries = Object.entries(output as Record<string, unknown>).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v]);
  return Object.fromEntries(entries);
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'UnauthorizedAccess',
  'AuthorizationErrorException',
  'Forbidden',
]);
const AUTH = new Set([
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'AuthFailure',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'OptInRequired',
]);
const THROTTLED = /throttl|ratelimit|limitexceeded|slowdown|toomanyrequests/i;

export function classifyAwsError(err: unknown, action: string, operation: string): CollectionError {
  const e = err as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number; attempts?: number }; code?: string };
  const name = e.name ?? e.Code ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const message = (e.message ?? errorMessage(err)).replace(/\s+/g, ' ').slice(0, 500);
  if (DENIED.has(name) || (status === 403 && !AUTH.has(name) && !THROTTLED.test(name))) {
    return { kind: 'access_denied', message: `Access denied to ${action} (${name}): ${message}`, missingPermission: action, operation };
  }
  // The SDK's default chain found nothing to sign with: nothing was sent, so AWS rejected nothing.
  if (name === 'CredentialsProviderError') {
    return {
      kind: 'auth',
      message: `no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with an instance or task role): ${message}`,
      operation,
    };
  }
  if (AUTH.has(name)) return { kind: 'auth', message: `AWS rejected the credentials for ${operation} (${name}): ${message}`, operation };
  const network = fastFailCode(err);
  if (network)
    return {
      kind: 'unreachable',
      message:
        `${operation} could not reach AWS (${network}` +
        `${network === 'ECONNREFUSED' ? ': connection refused' : ': the endpoint host name does not resolve'}` +
        `; ${attempts ?? 1} attempt${attempts === undefined || attempts === 1 ? '' : 's'}): ${message}`,
      operation,
    };
  if (THROTTLED.test(name))
    return { kind: 'throttled', message: `${operation} was still throttled after ${attempts ?? 'several'} attempts (${name})`, operation };
  if ((status ?? 0) >= 500)
    return { kind: 'unreachable', message: `${operation} failed with HTTP ${status} after ${attempts ?? 'several'} attempts (${name}): ${message}`, operation };
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(e.code ?? '') || name === 'TimeoutError') {
    return { kind: 'unreachable', message: `${operation} could not reach AWS (${e.code ?? name}): ${message}`, operation };
  }
  return { kind: 'other', message: `${operation} failed (${name}): ${message}`, operation };
}

/** AWS's error code when `err` is a read error (collectors treat some as answers: NoSuchEntity = no policy). */
export function awsErrorCode(err: unknown): string | undefined {
  return err instanceof AwsReadError ? err.code : undefined;
}
