// Run the pure checks over collected evidence. A check that throws, or whose source produced no
// evidence, yields an `error` finding: never a silent pass.
import { sourcesOf, type AnyCheck } from '../checks/types.js';
import { asSentence, type AuditPeriod, type Finding, type SourceName } from '../core/types.js';
import type { Evidence } from '../evidence/index.js';
import type { Config } from '../config/schema.js';
import { checkParams } from '../config/load.js';
import { errorMessage } from '../core/errors.js';

export interface EvaluateInput {
  checks: readonly AnyCheck[];
  evidence: Evidence;
  config: Config;
  now: Date;
  period: AuditPeriod;
  controlsByCheck: Map<string, string[]>;
  /** Reason a whole source failed, to explain errors when its evidence is missing. */
  sourceFailures: Partial<Record<SourceName, string>>;
  /** Resource id that stands for a whole source in an error finding (account list, org login, IdP host). */
  sourceResource: Partial<Record<SourceName, string>>;
}

export function evaluateChecks(input: EvaluateInput): Finding[] {
  const findings: Finding[] = [];
  for (const check of input.checks) {
    const controlIds = input.controlsByCheck.get(check.id) ?? [];
    const base = { checkId: check.id, controlIds, severity: check.severity };
    // A cross-source check stands for its first source in whole-source errors (GitHub org, AWS accounts).
    const sources = sourcesOf(check);
    const sourceId = input.sourceResource[sources[0]!] ?? sources[0]!;
    const missingSource = sources.find((s) => !input.evidence[s]);
    if (missingSource) {
      findings.push({
        ...base,
        status: 'error',
        resource: { type: sources[0]!, id: sourceId },
        message: asSentence(`Could not verify: ${input.sourceFailures[missingSource] ?? `no ${missingSource} evidence was collected`}`),
        evidence: [],
      });
      continue;
    }
    try {
      const drafts = check.evaluate(input.evidence, {
        now: input.now,
        period: input.period,
        params: checkParams(input.config, check.id),
      });
      // Silence is not evidence: a check must say what it judged, even if only `not_applicable`.
      if (drafts.length === 0) {
        findings.push({
          ...base,
          status: 'error',
          resource: { type: sources[0]!, id: sourceId },
          message: 'Could not verify: the check found nothing to judge in the collected evidence.',
          evidence: [],
        });
      }
      for (const draft of drafts) findings.push({ ...base, ...draft, severity: draft.severity ?? check.severity });
    } catch (err) {
      findings.push({
        ...base,
        status: 'error',
        resource: { type: sources[0]!, id: sourceId },
        message: `Could not evaluate: the check failed with "${errorMessage(err)}". This is a bug in soc2-evidence; please report it.`,
        evidence: [],
      });
    }
  }
  return findings;
}
