// Request rates that stay under AWS's published API rate limits. AWS counts them per account and Region,
// for every caller together (the customer's own automation included), so the tool takes only a share.
// Services that publish no per-operation rate for the read calls made here are bounded by the number of
// calls in flight (`aws.concurrency` accounts × per-service calls) and slow down on throttling answers
// (the retry strategy's backoff); a service enters this table once its rate is documented.
import type { AwsServiceId } from './services.js';

export interface DocumentedRate {
  /** Requests allowed at once (the token bucket's size). */
  burst: number;
  /** Requests per second once the burst is spent (the refill rate). */
  perSecond: number;
  /** Where AWS states it. */
  source: string;
}

export const DOCUMENTED_RATES: Partial<Record<AwsServiceId, DocumentedRate>> = {
  // Non-mutating actions (Describe*, Get*): a bucket of 100 requests refilled at 20 per second.
  ec2: { burst: 100, perSecond: 20, source: 'https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html' },
};

/** The share of a documented rate this tool uses, leaving the rest to the account's other callers. */
export const RATE_SHARE = 0.5;

/** A token bucket: `take` resolves when a request may be sent. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue = Promise.resolve();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = burst;
    this.last = clock();
  }

  static forRate(rate: DocumentedRate, share = RATE_SHARE): TokenBucket {
    return new TokenBucket(Math.max(1, Math.floor(rate.burst * share)), rate.perSecond * share);
  }

  /** Waits for a token; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      if (this.tokens < 1) {
        await this.sleep(((1 - this.tokens) / this.perSecond) * 1000);
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn;
    return turn;
  }

  private refill(): void {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}
