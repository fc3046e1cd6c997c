// The wire-level sandbox: one loopback HTTP server speaking the vendors' real protocols, so the real
// SDK clients run against it unchanged (AWS by SigV4 credential scope, the others by path prefix).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxCompany } from './company.js';
import { handleAws } from './aws/router.js';
import { handleGithub } from './github/index.js';
import { handleIdp } from './idp/index.js';
import { json, seededRandom, type SandboxContext, type SandboxFaults, type SandboxRequest, type SandboxResponse } from './http.js';

export interface SandboxOptions {
  faults?: SandboxFaults;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface SandboxHandle {
  url: string;
  port: number;
  /** Requests served, by `vendor:operation`. */
  stats: Map<string, number>;
  /** Replace faults while running (tests: disturb a run, then calm it). */
  setFaults(faults: SandboxFaults): void;
  close(): Promise<void>;
}

export async function startSandbox(company: SandboxCompany, options: SandboxOptions = {}): Promise<SandboxHandle> {
  const stats = new Map<string, number>();
  let faults = options.faults ?? {};
  let random = seededRandom(faults.seed ?? 1);
  const ctx: SandboxContext = {
    get faults() {
      return faults;
    },
    random: () => random(),
    count: (key) => stats.set(key, (stats.get(key) ?? 0) + 1),
  };
  let origin = '';

  const server = createServer((req, res) => {
    void serve(req, res).catch((err: unknown) => {
      send(res, json(500, { message: `sandbox error: ${(err as Error).message}` }));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', origin);
    if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));

    const auth = String(req.headers.authorization ?? '');
    if (auth.startsWith('AWS4-HMAC-SHA256')) {
      const request: SandboxRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, baseUrl: origin };
      return send(res, await handleAws(request, company, ctx));
    }
    const [, vendor] = url.pathname.split('/');
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.slice(vendor!.length + 1) || '/',
      query: url.searchParams,
      headers: req.headers,
      body,
      baseUrl: `${origin}/${vendor}`,
    };
    let response: SandboxResponse | undefined;
    if (vendor === 'github') response = await handleGithub(request, company, ctx);
    else if (vendor === 'okta' || vendor === 'google' || vendor === 'entra') response = await handleIdp(vendor, request, company, ctx);
    send(res, response ?? json(404, { message: `Not Found: ${req.method} ${url.pathname}` }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    port,
    stats,
    setFaults(next) {
      faults = next;
      random = seededRandom(next.seed ?? 1);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, response: SandboxResponse): void {
  if (res.headersSent) return;
  res.writeHead(response.status, response.headers ?? {});
  res.end(response.body ?? '');
}
