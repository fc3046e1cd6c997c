// Shared by the IdP sandboxes: fixed-window rate limits per endpoint bucket and fault dice.
import type { SandboxContext } from '../http.js';

interface Window {
  start: number;
  used: number;
}

/** Per-bucket fixed windows, as Okta counts them (limit per minute per endpoint family). */
export class RateWindows {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a request; returns the header values and whether it is over the limit. */
  take(bucket: string, now = Date.now()): { limit: number; remaining: number; reset: number; exceeded: boolean } {
    let w = this.windows.get(bucket);
    if (!w || now >= w.start + this.windowMs) {
      w = { start: now, used: 0 };
      this.windows.set(bucket, w);
    }
    const exceeded = w.used >= this.limit;
    if (!exceeded) w.used++;
    return { limit: this.limit, remaining: Math.max(0, this.limit - w.used), reset: Math.ceil((w.start + this.windowMs) / 1000), exceeded };
  }
}

export type Dice = 'throttle' | 'server-error' | undefined;

export function rollFaults(ctx: SandboxContext): Dice {
  const { throttleRate = 0, serverErrorRate = 0 } = ctx.faults;
  if (throttleRate && ctx.random() < throttleRate) return 'throttle';
  if (serverErrorRate && ctx.random() < serverErrorRate) return 'server-error';
  return undefined;
}

export function denied(ctx: SandboxContext, permission: string): boolean {
  return ctx.faults.deny?.includes(permission) ?? false;
}
