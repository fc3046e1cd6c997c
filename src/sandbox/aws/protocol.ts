// AWS wire protocols as the SDK expects them: awsQuery and ec2Query XML, awsJson1_1, restJson1, restXml.
import { randomUUID } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../http.js';
import type { SandboxCompany } from '../company.js';
import type { SandboxAws, SandboxAwsAccount } from './model.js';

export type AwsProtocol = 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml';

/** A modeled service error (AccessDenied, NoSuchEntity…), serialized in the service's protocol. */
export class AwsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface AwsCall {
  service: string;
  region: string;
  operation: string;
  /** The account the caller's credentials belong to. */
  account: SandboxAwsAccount;
  principalArn: string;
  /** The whole estate (Organizations and STS look across accounts). */
  aws: SandboxAws;
  company: SandboxCompany;
  /** Page size for lists: the estate's override or the service default. */
  pageSize(serviceDefault: number): number;
  /** Form parameters (query/ec2) or the query string (REST). */
  params: Record<string, string>;
  /** Parsed JSON body (json/rest-json). */
  input: Record<string, unknown>;
  req: SandboxRequest;
}

/** A handler may return a ready response (restXml bodies, odd statuses) instead of a result object. */
export interface RawAwsResponse {
  raw: SandboxResponse;
}

export interface AwsServiceHandler {
  protocol: AwsProtocol;
  /** IAM action prefix (`iam`, `cloudtrail`, `elasticloadbalancing`…). */
  actionPrefix: string;
  /** XML namespace for query/ec2 responses. */
  xmlns?: string;
  /** For query-protocol list members named other than `member`: field name → element name. */
  listMembers?: Record<string, string>;
  /** REST protocols: the operation from method and path (undefined = 404). */
  operation?(req: SandboxRequest): string | undefined;
  /** The IAM action guarding an operation, when not `prefix:Operation`. */
  actionFor?(operation: string, req: SandboxRequest): string;
  handle(call: AwsCall): unknown | RawAwsResponse | Promise<unknown | RawAwsResponse>;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * Serialize a plain object as XML elements. Arrays become repeated `<member>` (query), `<item>` (ec2)
 * or the name given in `listMembers`. Dates become ISO 8601. `undefined`/`null` are left out.
 */
export function toXml(value: unknown, listItem: (key: string) => string, key = ''): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return xmlEscape(value.toISOString());
  if (Array.isArray(value)) {
    const tag = listItem(key);
    return value.map((v) => `<${tag}>${toXml(v, listItem, tag)}</${tag}>`).join('');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v, listItem, k)}</${k}>`)
      .join('');
  }
  return xmlEscape(String(value));
}

export function successResponse(handler: AwsServiceHandler, operation: string, result: unknown): SandboxResponse {
  const requestId = randomUUID();
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId, 'x-amz-request-id': requestId };
  switch (handler.protocol) {
    case 'query': {
      const members = handler.listMembers ?? {};
      const body =
        `<?xml version="1.0" encoding="UTF-8"?><${operation}Response xmlns="${handler.xmlns ?? ''}"><` +
        `${operation}Result>${toXml(result, (k) => members[k] ?? 'member')}</${operation}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
      return { status: 200, headers: { ...headers, 'content-type': 'text/xml' }, body };
    }
    case 'ec2': {
      const body =
        `<?xml version="1.0" encoding="UTF-8"?><${operation}Response xmlns="` +
        `${handler.xmlns ?? 'http://ec2.amazonaws.com/doc/2016-11-15/'}"><requestId>${requestId}</requestId>` +
        `${toXml(result, () => 'item')}</${operation}Response>`;
      return { status: 200, headers: { ...headers, 'content-type': 'text/xml;charset=UTF-8' }, body };
    }
    case 'json':
      return { status: 200, headers: { ...headers, 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(result ?? {}) };
    case 'rest-json':
      return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(result ?? {}) };
    case 'rest-xml':
      return {
        status: 200,
        headers: { ...headers, 'content-type': 'application/xml' },
        body: typeof result === 'string' ? result : `<?xml version="1.0" encoding="UTF-8"?>${toXml(result, () => 'member')}`,
      };
  }
}

export function errorResponse(protocol: AwsProtocol, fault: AwsFault): SandboxResponse {
  const requestId = randomUUID();
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId, 'x-amz-request-id': requestId };
  const code = xmlEscape(fault.code);
  const message = xmlEscape(fault.message);
  switch (protocol) {
    case 'query':
      return {
        status: fault.status,
        headers: { ...headers, 'content-type': 'text/xml' },
        body:
          '<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Type>' +
          `${fault.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}` +
          `</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'ec2':
      return {
        status: fault.status,
        headers: { ...headers, 'content-type': 'text/xml;charset=UTF-8' },
        body:
          `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>` +
          `${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'json':
      return {
        status: fault.status,
        headers: { ...headers, 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': fault.code },
        body: JSON.stringify({ __type: fault.code, message: fault.message }),
      };
    case 'rest-json':
      return {
        status: fault.status,
        headers: { ...headers, 'content-type': 'application/json', 'x-amzn-errortype': fault.code },
        body: JSON.stringify({ __type: fault.code, message: fault.message }),
      };
    case 'rest-xml':
      return {
        status: fault.status,
        headers: { ...headers, 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
  }
}

/** The error each protocol's services send when throttling. */
export function throttleFault(protocol: AwsProtocol): AwsFault {
  switch (protocol) {
    case 'query':
      return new AwsFault('Throttling', 'Rate exceeded', 400);
    case 'ec2':
      return new AwsFault('RequestLimitExceeded', 'Request limit exceeded.', 503);
    case 'json':
      return new AwsFault('ThrottlingException', 'Rate exceeded', 400);
    case 'rest-json':
      return new AwsFault('TooManyRequestsException', 'Rate exceeded', 429);
    case 'rest-xml':
      return new AwsFault('SlowDown', 'Please reduce your request rate.', 503);
  }
}

export function accessDenied(protocol: AwsProtocol, principalArn: string, action: string): AwsFault {
  const message = `User: ${principalArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  switch (protocol) {
    case 'ec2':
      return new AwsFault('UnauthorizedOperation', `You are not authorized to perform this operation. ${message}`, 403);
    case 'json':
    case 'rest-json':
      return new AwsFault('AccessDeniedException', message, 403);
    default:
      return new AwsFault('AccessDenied', message, 403);
  }
}

/** Form-encoded body (query/ec2) as a flat map: `Filter.1.Name` etc. stay dotted. */
export function formParams(body: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

/** `Names.member.1`, `Names.member.2` → ['a', 'b'] (query), `RegionName.1` → [...] (ec2). */
export function listParam(params: Record<string, string>, prefix: string): string[] {
  const out: Array<[number, string]> = [];
  for (const [k, v] of Object.entries(params)) {
    const m = k.match(new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(?:member\\.)?(\\d+)$`));
    if (m) out.push([Number(m[1]), v]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** Simple token pagination over an array: the token is the next index. */
export function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number.parseInt(token, 10) || 0 : 0;
  const slice = items.slice(start, start + size);
  const nextIndex = start + size;
  return nextIndex < items.length ? { items: slice, next: String(nextIndex) } : { items: slice };
}

/** JSON 1.1 timestamps are epoch seconds. */
export const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
