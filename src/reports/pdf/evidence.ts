// What the pack says about each piece of evidence: the source call as recorded in the evidence file.
import { readFileSync } from 'node:fs';
import type { EvidenceRef } from '../../core/types.js';
import { fileInRun } from '../../run/manifest.js';

export interface EvidenceCall {
  ref: EvidenceRef;
  service: string;
  operation: string;
  parameters: string;
  where: string;
  requestId?: string;
  /** False when the file is missing or unreadable (said in the pack, never hidden). */
  readable: boolean;
}

const MAX_PARAMS = 240;

/** Reads each evidence file once (many findings share one API response). */
export class EvidenceIndex {
  private readonly cache = new Map<string, EvidenceCall>();

  constructor(private readonly runDir: string) {}

  call(ref: EvidenceRef): EvidenceCall {
    const cached = this.cache.get(ref.file);
    if (cached) return cached;
    let call: EvidenceCall;
    try {
      // findings.json names the file: only evidence files inside the run folder are read.
      const file = /^evidence\/[0-9a-f]{64}\.json$/.test(ref.file) ? fileInRun(this.runDir, ref.file) : null;
      if (!file) throw new Error('not an evidence file of this run');
      const body = JSON.parse(readFileSync(file, 'utf8')) as {
        service?: string;
        operation?: string;
        parameters?: unknown;
        account?: string;
        region?: string;
        requestId?: string;
      };
      const params = JSON.stringify(body.parameters ?? {});
      call = {
        ref,
        service: body.service ?? ref.source,
        operation: body.operation ?? ref.operation,
        parameters: params.length > MAX_PARAMS ? `${params.slice(0, MAX_PARAMS - 1)}…` : params,
        where: [body.account && `account ${body.account}`, body.region].filter(Boolean).join(' · '),
        ...(body.requestId ? { requestId: body.requestId } : {}),
        readable: true,
      };
    } catch {
      call = { ref, service: ref.source, operation: ref.operation, parameters: '', where: '', readable: false };
    }
    this.cache.set(ref.file, call);
    return call;
  }
}
