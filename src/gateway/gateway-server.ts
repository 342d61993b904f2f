import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ContextName } from '../platform/config/contexts';
import type { RouteTable } from './route-table';
import { PLATFORM_ROUTES_HOST } from './route-table';

export interface GatewayOptions {
  routes: RouteTable;
  /** Base URL of the process serving each context. */
  upstreams: Partial<Record<ContextName, string>>;
  /** How long an upstream may take to start answering before the client gets a 504. */
  timeoutMs: number;
  /** The public contract, served at /docs-json (each process only documents its own routes). */
  openApiDocument: string | null;
}

/** Requests forwarded as they came, minus what concerns only this hop. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function problem(res: ServerResponse, status: number, title: string, detail: string, extra = {}): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, instance: '', ...extra });
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function forwardedHeaders(req: IncomingMessage, requestId: string): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  const client = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = req.headers['x-forwarded-for']
    ? `${req.headers['x-forwarded-for']}, ${client}`
    : client;
  headers['x-request-id'] = requestId;
  delete headers.host;
  return headers;
}

/**
 * The one public entry of a split: sends each request to the process hosting the context that
 * serves its route (the table the monolith generates), streaming bodies both ways. It holds no
 * business rule and no session: authentication happens in the processes, as in the monolith. An
 * upstream that is down is a 503 naming the context; one that does not answer in time, a 504.
 * The processes' internal routes (/internal/...) are never reachable through it.
 */
export function createGateway(options: GatewayOptions): Server {
  return createServer((req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    const method = req.method ?? 'GET';
    if (path === '/health/live' || path === '/health/ready') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ status: 'ok' }));
    }
    if (path === '/docs-json' && options.openApiDocument) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return void res.end(options.openApiDocument);
    }
    const context = path.startsWith('/media/')
      ? PLATFORM_ROUTES_HOST
      : options.routes.contextOf(method, path);
    if (!context) {
      const allowed = options.routes.hasPath(path);
      return problem(
        res,
        allowed ? 405 : 404,
        allowed ? 'Method Not Allowed' : 'Not Found',
        `${method} ${path}`,
      );
    }
    const base = options.upstreams[context] as string;
    const target = new URL(url, base.endsWith('/') ? base : `${base}/`);
    const given = req.headers['x-request-id'];
    const requestId =
      typeof given === 'string' && /^[A-Za-z0-9._-]{8,128}$/.test(given) ? given : randomUUID();
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(target, { method, headers: forwardedHeaders(req, requestId) }, (answer) => {
      const headers = Object.fromEntries(
        Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
      ) as Record<string, string | string[]>;
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.setTimeout(options.timeoutMs, () =>
      upstream.destroy(Object.assign(new Error('upstream timeout'), { code: 'GATEWAY_TIMEOUT' })),
    );
    upstream.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'GATEWAY_TIMEOUT')
        return problem(res, 504, 'Gateway Timeout', `The ${context} service did not answer in time`, {
          code: 'DEPENDENCY_TIMEOUT',
          context,
        });
      res.setHeader('retry-after', '5');
      problem(res, 503, 'Service Unavailable', `The ${context} service is unavailable; try again shortly`, {
        code: 'DEPENDENCY_UNAVAILABLE',
        context,
      });
    });
    req.pipe(upstream);
  });
}
