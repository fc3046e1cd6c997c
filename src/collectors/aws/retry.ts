// Retries for every AWS client: throttling, transient and 5xx errors, with capped exponential backoff
// and full jitter. Unlike the SDK's standard strategy there is no shared retry-token bucket, so a long
// throttled collection (thousands of calls at 20% throttling) does not run out of retries part-way.
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { fastFailCode } from '../network.js';
import { backoffDelay } from '../../core/backoff.js';

export interface RetryTuning {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryTuning = { maxAttempts: 10, baseDelayMs: 200, maxDelayMs: 20_000 };

export class PatientRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';
  constructor(private readonly tuning: RetryTuning = DEFAULT_RETRY) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const attempt = previous.getRetryCount() + 1;
    if (info.errorType === 'CLIENT_ERROR' || attempt >= this.tuning.maxAttempts) throw new Error('no more retries');
    // An endpoint that does not resolve or refuses connections will not answer on a later attempt either.
    if (fastFailCode((info as RetryErrorInfo & { error?: unknown }).error)) throw new Error('unreachable: no retry');
    let delay = backoffDelay(attempt, { baseMs: this.tuning.baseDelayMs, capMs: this.tuning.maxDelayMs });
    if (info.retryAfterHint) delay = Math.max(delay, Math.min(this.tuning.maxDelayMs, info.retryAfterHint.getTime() - Date.now()));
    return token(attempt, Math.max(0, Math.round(delay)));
  }

  recordSuccess(): void {}
}

function token(count: number, delay: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delay };
}
