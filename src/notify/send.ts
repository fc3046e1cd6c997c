// Posting the summary: after the run is stored, each target in turn, retried with backoff on 429 and
// 5xx (Retry-After honoured) and on network errors. A failure is reported, never thrown: it changes
// neither the run nor the exit code.
import { retryAfterMs, retryDelay } from '../core/backoff.js';
import { errorMessage } from '../core/errors.js';
import { slackMessage, type NotifySummary } from './message.js';
import type { NotifyTarget } from './targets.js';

export interface NotifyOutcome {
  target: string;
  format: NotifyTarget['format'];
  ok: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

export interface NotifyTuning {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A receiver's Retry-After is honoured up to this long. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function sendNotification(target: NotifyTarget, summary: NotifySummary, tuning: NotifyTuning = {}): Promise<NotifyOutcome> {
  const attempts = tuning.attempts ?? 4;
  const backoff = { baseMs: tuning.baseDelayMs ?? 1000, capMs: tuning.maxDelayMs ?? 30_000, maxServerWaitMs: tuning.maxRetryAfterMs ?? 60_000 };
  const body = JSON.stringify(target.format === 'slack' ? slackMessage(summary) : summary);
  let last: Omit<NotifyOutcome, 'target' | 'format' | 'attempts'> = { ok: false };
  let attempt = 1;
  for (; attempt <= attempts; attempt++) {
    let asked: number | undefined;
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'soc2-evidence' },
        body,
        signal: AbortSignal.timeout(tuning.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { target: target.label, format: target.format, ok: true, attempts: attempt, status: res.status };
      last = { ok: false, status: res.status, error: `HTTP ${res.status}` };
      if (res.status !== 429 && res.status < 500) break;
      asked = retryAfterMs(res.headers.get('retry-after'));
    } catch (err) {
      last = { ok: false, error: errorMessage((err as { cause?: unknown }).cause ?? err) };
    }
    if (attempt === attempts) break;
    await sleep(retryDelay(attempt, backoff, asked));
  }
  return { target: target.label, format: target.format, attempts: Math.min(attempt, attempts), ...last };
}

export async function sendNotifications(targets: readonly NotifyTarget[], summary: NotifySummary, tuning?: NotifyTuning): Promise<NotifyOutcome[]> {
  const out: NotifyOutcome[] = [];
  for (const target of targets) out.push(await sendNotification(target, summary, tuning));
  return out;
}
