import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request: a status (with headers), or no answer at all (a hang). */
export type Answer = { status: number; headers?: Record<string, string> } | 'hang';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  event: { id: string; type: string; version: number; occurredAt: string; payload: Record<string, unknown> };
  answered: number | 'hang';
}

/**
 * Checks a `OneSociety-Signature` header as an integrator would, written from the README's
 * description of the scheme and not from the app's signing code: `t=<seconds>,v1=<hex>[,v1=<hex>]`,
 * HMAC-SHA256 keyed with the whole secret string over `<t>.<raw body>`, any v1 matching, within
 * `toleranceSeconds` of now.
 */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  toleranceSeconds = 300,
): boolean {
  const parts = header.split(',').map((part) => part.split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v);
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return false;
  if (Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** A real HTTP server on 127.0.0.1 standing in for an integrator's endpoint. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Answers to give, in order; when empty, `fallback`. */
  readonly script: Answer[] = [];
  fallback: Answer = { status: 200 };
  /** Per event id, answers to give that event first (overrides the script). */
  readonly perEvent = new Map<string, Answer[]>();
  private readonly hanging = new Set<ServerResponse>();
  private server?: Server;

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Requests whose answer was a 2xx, by event id. */
  acceptedIds(): string[] {
    return this.received
      .filter((r) => typeof r.answered === 'number' && r.answered < 300)
      .map((r) => r.event.id);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const event = JSON.parse(body) as Received['event'];
      const queued = this.perEvent.get(event.id);
      const answer = queued?.length ? queued.shift()! : (this.script.shift() ?? this.fallback);
      this.received.push({
        path: req.url ?? '',
        headers: req.headers,
        body,
        event,
        answered: answer === 'hang' ? 'hang' : answer.status,
      });
      if (answer === 'hang') {
        this.hanging.add(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.status < 300 ? 'ok' : `status ${answer.status}`);
    });
  }
}
