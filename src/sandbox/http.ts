// The sandbox's own request/response shapes, shared by every vendor's handlers.
import type { IncomingHttpHeaders } from 'node:http';
import { mulberry32 } from '../core/random.js';

export interface SandboxRequest {
  method: string;
  /** Path without the vendor prefix, e.g. `/orgs/acme` for `/github/orgs/acme`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Absolute base URL of this vendor's mount (for Link headers, nextLink…), e.g. `http://127.0.0.1:4010/okta`. */
  baseUrl: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface SandboxFaults {
  /** Share of requests answered with the vendor's throttling error (0–1). */
  throttleRate?: number;
  /** Share of requests answered with a 5xx (0–1). */
  serverErrorRate?: number;
  /** Permissions denied, in the vendor's naming: IAM actions (`iam:GetCredentialReport`), or vendor-defined keys. */
  deny?: string[];
  /** Added latency per request, in milliseconds. */
  latencyMs?: number;
  /** Seed for the fault dice, so a disturbed run is reproducible. */
  seed?: number;
}

export interface SandboxContext {
  faults: SandboxFaults;
  /** Seeded uniform random in [0, 1). */
  random(): number;
  /** Count a request for the stats (`vendor:operation`). */
  count(key: string): void;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

/** Mulberry32 (core/random): small, fast, seeded. */
export const seededRandom = mulberry32;
