// period/assessment-results.json: OSCAL 1.0.6 assessment-results (NIST's schema is vendored in
// vendor/oscal/). One result per run, one observation per finding, one finding per control. UUIDs are
// name-based (version 5 layout, SHA-1) from run, check and resource ids, so re-exports are identical.
import { createHash } from 'node:crypto';
import type { Finding } from '../core/types.js';
import type { RunJson } from '../run/record.js';
import { TOOL_VERSION } from '../version.js';

export const OSCAL_VERSION = '1.0.6';
/** Namespace of the tool's own OSCAL properties. */
export const OSCAL_NS = 'urn:soc2-evidence';
/** Namespace UUID for the name-based UUIDs below (fixed forever: changing it changes every UUID). */
const NAMESPACE = Buffer.from('5c0a2e1d6b7f4c3a9e8d1f2a3b4c5d6e', 'hex');

export function uuidFor(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u0000')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const prop = (name: string, value: string) => ({ name, ns: OSCAL_NS, value });
/** OSCAL strings must not be empty. */
const text = (s: string | undefined, fallback: string) => (s?.trim() ? s : fallback);

export interface OscalDocumentInfo {
  organization: string;
  period: { start: string; end: string };
  lastModified: string;
  runIds: string[];
}

/** Everything before the first result; `results` follow, then `closing()`. */
export function opening(info: OscalDocumentInfo): string {
  const head = {
    uuid: uuidFor('assessment-results', info.organization, info.period.start, info.period.end, ...info.runIds),
    metadata: {
      title: `SOC 2 automated evidence — ${info.organization} — ${info.period.start} to ${info.period.end}`,
      'last-modified': info.lastModified,
      version: `soc2-evidence ${TOOL_VERSION}`,
      'oscal-version': OSCAL_VERSION,
      props: [prop('period-start', info.period.start), prop('period-end', info.period.end)],
      remarks:
        'Written by soc2-evidence export from stored runs; each result is one run, each observation one finding with its evidence files and their SHA-256.',
    },
    'import-ap': {
      href: 'bundle-manifest.json',
      remarks:
        'No OSCAL assessment plan: the assessed controls are the soc2-evidence control catalog recorded ' +
        'in each run (run.json), and the runs themselves are in this bundle under runs/.',
    },
  };
  const json = JSON.stringify({ 'assessment-results': head }, null, 1);
  // Reopen the object to append "results": [ … ].
  return `${json.slice(0, json.lastIndexOf('}', json.length - 2)).trimEnd()},\n  "results": [\n`;
}

export function closing(): string {
  return '\n  ]\n }\n}\n';
}

/**
 * One run's result, written piece by piece through `emit` (an observation at a time): a large run has
 * tens of thousands of findings, and their object graph and one giant string would dominate memory.
 */
export function writeResult(run: RunJson, findings: Finding[], emit: (chunk: string) => void): void {
  const byControl = new Map<string, string[]>();
  const observationUuid = (f: Finding) => uuidFor(run.runId, 'observation', f.checkId, f.resource.id);
  for (const f of findings)
    for (const c of f.controlIds) {
      const list = byControl.get(c) ?? [];
      list.push(observationUuid(f));
      byControl.set(c, list);
    }
  const controls = run.controls.filter((c) => c.status !== 'out_of_scope');
  const head = {
    uuid: uuidFor(run.runId, 'result'),
    title: `Run ${run.runId}`,
    description:
      `soc2-evidence run ${run.runId} of ${run.organization}: ${run.counts.findings.fail} failing, ` +
      `${run.counts.findings.error} not verified, ${run.counts.findings.pass} passing findings.`,
    start: run.startedAt,
    end: run.finishedAt,
    props: [prop('run-id', run.runId)],
    'reviewed-controls': {
      'control-selections': [
        controls.length ? { 'include-controls': controls.map((c) => ({ 'control-id': c.id })) } : { description: 'No control was in scope in this run.' },
      ],
    },
  };
  const headJson = JSON.stringify(head);
  emit(headJson.slice(0, -1));
  if (findings.length) {
    emit(',"observations":[');
    findings.forEach((f, i) => {
      emit(`${i ? ',\n' : '\n'}${JSON.stringify(observationFor(run, f, observationUuid(f)))}`);
    });
    emit(']');
  }
  const oscalFindings = controls.map((c) => {
    const related = byControl.get(c.id) ?? [];
    const statusWord =
      c.status === 'met'
        ? 'met'
        : c.status === 'gap'
          ? 'gap: at least one finding fails'
          : c.status === 'not_verified'
            ? 'not verified: some evidence could not be collected'
            : 'manual: evidenced by documents, not judged by the tool';
    return {
      uuid: uuidFor(run.runId, 'finding', c.id),
      title: `${c.id} ${c.title}`,
      description: `${text(c.statement, c.title)} (${c.criteria.join(', ')}) — ${statusWord}.`,
      props: [prop('control-status', c.status), ...c.criteria.map((k) => prop('criterion', k))],
      target: {
        type: 'objective-id',
        'target-id': c.id,
        status:
          c.status === 'met'
            ? { state: 'satisfied', reason: 'pass' }
            : { state: 'not-satisfied', reason: c.status === 'gap' ? 'fail' : 'other', remarks: statusWord },
      },
      ...(related.length ? { 'related-observations': related.map((u) => ({ 'observation-uuid': u })) } : {}),
    };
  });
  if (oscalFindings.length) emit(`,"findings":${JSON.stringify(oscalFindings)}`);
  emit('}');
}

function observationFor(run: RunJson, f: Finding, uuid: string) {
  const evidence = f.evidence.map((e) => ({
    href: `runs/${run.runId}/${e.file}`,
    description: `${e.operation} collected ${e.collectedAt}`,
    props: [prop('sha256', e.sha256)],
  }));
  return {
    uuid,
    title: `${f.checkId} — ${f.resource.id}`,
    description: text(f.message, `${f.checkId}: ${f.status}`),
    props: [prop('check-id', f.checkId), prop('status', f.status), prop('severity', f.severity), ...f.controlIds.map((c) => prop('control-id', c))],
    methods: ['TEST'],
    subjects: [
      {
        'subject-uuid': uuidFor('resource', f.resource.id),
        type: 'resource',
        title: f.resource.id,
        props: [
          prop('resource-type', f.resource.type),
          ...(f.resource.account ? [prop('account', f.resource.account)] : []),
          ...(f.resource.region ? [prop('region', f.resource.region)] : []),
        ],
      },
    ],
    ...(evidence.length ? { 'relevant-evidence': evidence } : {}),
    collected: f.evidence[0]?.collectedAt ?? run.startedAt,
    ...(f.status === 'error' && f.missing ? { remarks: `Could not collect: ${f.missing}` } : {}),
  };
}
