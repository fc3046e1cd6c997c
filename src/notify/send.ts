// Posting the summary: after the run is stored, each target in turn, retried with backoff on 429 and
// 5xx (Retry-After honoured) and on network errors. A failure is reported, never thrown: it changes
// neither the run nor the exit code.
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

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export async function sendNotification(target: NotifyTarget, summary: NotifySummary, tuning: NotifyTuning = {}): Promise<NotifyOutcome> {
  const attempts = tuning.attempts ?? 4;
  const base = tuning.baseDelayMs ?? 1000;
  const max = tuning.maxDelayMs ?? 30_000;
  const body = JSON.stringify(target.format === 'slack' ? slackMessage(summary) : summary);
  let last: Omit<NotifyOutcome, 'target' | 'format' | 'attempts'> = { ok: false };
  let attempt = 1;
  for (; attempt <= attempts; attempt++) {
    let wait = Math.min(max, base * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
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
      const asked = retryAfterMs(res.headers.get('retry-after'));
      if (asked !== undefined) wait = Math.min(tuning.maxRetryAfterMs ?? 60_000, asked);
    } catch (err) {
      last = { ok: false, error: errorMessage((err as { cause?: unknown }).cause ?? err) };
    }
    if (attempt === attempts) break;
    await sleep(wait);
  }
  return { target: target.label, format: target.format, attempts: Math.min(attempt, attempts), ...last };
}

export async function sendNotifications(targets: readonly NotifyTarget[], summary: NotifySummary, tuning?: NotifyTuning): Promise<NotifyOutcome[]> {
  const out: NotifyOutcome[] = [];
  for (const target of targets) out.push(await sendNotification(target, summary, tuning));
  return out;
}
