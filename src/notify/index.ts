// After a run is stored: post its summary to every target, print how each went, and record the
// outcome beside the run (`RUN_ID.notify.json`, not part of the run, so the run stays as sealed).
import { errorMessage } from '../core/errors.js';
import type { RunChanges } from '../reports/diff.js';
import type { RunJson } from '../run/record.js';
import type { RunStore } from '../store/index.js';
import { summaryOf } from './message.js';
import { sendNotifications, type NotifyOutcome, type NotifyTuning } from './send.js';
import type { NotifyTarget } from './targets.js';

export { resolveTargets, type NotifyTarget } from './targets.js';
export type { NotifyOutcome } from './send.js';

export async function notifyRun(
  targets: readonly NotifyTarget[],
  run: RunJson,
  changes: RunChanges,
  location: string,
  store: RunStore,
  log: (line: string) => void,
  tuning?: NotifyTuning,
): Promise<NotifyOutcome[]> {
  if (targets.length === 0) return [];
  const outcomes = await sendNotifications(targets, summaryOf(run, changes, location), tuning);
  for (const o of outcomes) {
    log(
      o.ok
        ? `Notified ${o.target} (${o.format})`
        : `Notification to ${o.target} failed after ${o.attempts} attempt${o.attempts === 1 ? '' : 's'}: ` +
            `${o.error ?? 'unknown error'} (the run is stored and unchanged)`,
    );
  }
  try {
    await store.writeBeside(
      `${run.runId}.notify.json`,
      `${JSON.stringify({ runId: run.runId, sentAt: new Date().toISOString(), notifications: outcomes }, null, 2)}\n`,
    );
  } catch (err) {
    log(`Could not record the notification outcome beside the run: ${errorMessage(err)}`);
  }
  return outcomes;
}
