// Placeholder for a catalog check whose evaluation is not built yet: it judges nothing, so the
// pipeline turns it into an `error` finding (never a pass). A test lists the checks still pending.
import type { Severity, SourceName } from '../core/types.js';
import type { AnyCheck } from './types.js';

export function pendingCheck(id: string, source: SourceName, title: string, severity: Severity): AnyCheck {
  return {
    id,
    title,
    source,
    severity,
    judges: title,
    resourceType: source,
    needs: [],
    pending: true,
    remediation: { summary: 'This check is not implemented yet.' },
    evaluate: () => [],
  } as AnyCheck;
}
