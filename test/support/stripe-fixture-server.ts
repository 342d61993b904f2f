import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { StripeConnectFixtures } from './stripe-connect-fixtures';
import { StripeDisputeFixtures } from './stripe-dispute-fixtures';

/** Stripe's published fixture objects (from its public OpenAPI repository), by resource name. */
// A copy of Stripe's published fixtures kept in the repository: npm test needs nothing outside it.
const FIXTURES_PATH = join(process.cwd(), 'test', 'fixtures', 'stripe', 'fixtures3.json');

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The form body exactly as the SDK encoded it, flat: `metadata[leg]` => `charge`. */
  form: Record<string, string>;
  /** The query string (list filters such as `transfer_group`). */
  query: Record<string, string>;
}

export interface StubbedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  pattern: RegExp;
  resource: string;
  /** Which form fields to reflect onto the fixture (top-level scalars and metadata), as stripe-mock does. */
  reflect: string[];
  /** Fields fixed by the route itself (the id from the path...). */
  fixed?: (match: RegExpMatchArray, form: Record<string, string>) => Record<string, unknown>;
}

const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/v1\/customers$/, resource: 'customer', reflect: ['email', 'name'] },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_methods\/([^/]+)\/attach$/,
    resource: 'payment_method',
    reflect: [],
    fixed: (m, form) => ({ id: m[1], customer: form.customer }),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_methods\/([^/]+)\/detach$/,
    resource: 'payment_method',
    reflect: [],
    fixed: (m) => ({ id: m[1], customer: null }),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_intents$/,
    resource: 'payment_intent',
    reflect: ['amount', 'currency', 'capture_method', 'customer', 'payment_method', 'description'],
  },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_intents\/([^/]+)$/,
    resource: 'payment_intent',
    reflect: [],
    fixed: (m) => ({ id: m[1] }),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_intents\/([^/]+)\/(confirm|capture|cancel)$/,
    resource: 'payment_intent',
    reflect: ['payment_method'],
    fixed: (m) => ({ id: m[1] }),
  },
  { method: 'POST', pattern: /^\/v1\/refunds$/, resource: 'refund', reflect: ['amount', 'payment_intent'] },
];

/**
 * A local Stripe-compatible HTTP server for tests, answering with Stripe's own fixture objects
 * (request parameters reflected onto them, as stripe-mock does). Tests reach it through the real
 * `stripe` SDK over HTTP; it records every request, and a test can queue a different answer for
 * the next matching request (a card error, a captured intent, a 500) to drive the adapter.
 */
export class StripeFixtureServer {
  readonly requests: RecordedRequest[] = [];
  /** Connect's objects (accounts, transfers, payouts) as this server holds them. */
  readonly connect: StripeConnectFixtures;
  /** Disputes: tests open and close them; the API reads and updates them. */
  readonly disputes: StripeDisputeFixtures;
  /**
   * Every payment intent as this server last answered it (and what was refunded of it): a GET
   * answers with it, as Stripe would. A test changes one here to plant drift.
   */
  readonly intents = new Map<string, Record<string, unknown>>();
  readonly refunded = new Map<string, number>();
  private readonly fixtures: Record<string, Record<string, unknown>>;
  /**
   * Stripe answers a POST sent again with the same Idempotency-Key with the first answer, acting
   * once; on here, this server does too (tests that script answers per attempt leave it off).
   */
  replaysByIdempotencyKey = false;
  private readonly answered = new Map<string, StubbedResponse>();
  private readonly holds: {
    method: string;
    pattern: RegExp;
    arrived: () => void;
    released: Promise<void>;
  }[] = [];
  private readonly queued: {
    method: string;
    pattern: RegExp;
    respond: (fixture: Record<string, unknown>) => StubbedResponse;
  }[] = [];

  private constructor(private readonly server: Server) {
    this.fixtures = JSON.parse(readFileSync(FIXTURES_PATH, 'utf8')).resources;
    this.connect = new StripeConnectFixtures((resource) => this.fixture(resource));
    this.disputes = new StripeDisputeFixtures((resource) => this.fixture(resource));
  }

  static async start(): Promise<StripeFixtureServer> {
    let instance: StripeFixtureServer | null = null;
    const server = createServer((req, res) => void instance!.handle(req, res));
    instance = new StripeFixtureServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** A fresh copy of one of Stripe's fixture objects. */
  fixture(resource: string): Record<string, unknown> {
    return structuredClone(this.fixtures[resource]);
  }

  /** The next request matching `method` and `pattern` gets this answer (built from the route's fixture). */
  respondOnce(
    method: string,
    pattern: RegExp,
    respond: (fixture: Record<string, unknown>) => StubbedResponse,
  ): void {
    this.queued.push({ method, pattern, respond });
  }

  /**
   * Holds the next request matching `method` and `pattern` before answering it: `reached` settles
   * when it arrives, `release()` lets it be answered (to a caller that may be gone by then).
   */
  holdOnce(method: string, pattern: RegExp): { reached: Promise<void>; release(): void } {
    let arrived!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ method, pattern, arrived, released });
    return { reached, release };
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const method = req.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname,
      headers: req.headers,
      form,
      query: Object.fromEntries(url.searchParams),
    });

    const hold = this.holds.findIndex((h) => h.method === method && h.pattern.test(url.pathname));
    if (hold >= 0) {
      const [held] = this.holds.splice(hold, 1);
      held.arrived();
      await held.released;
    }

    const connectResource = this.connect.resourceFor(url.pathname);
    if (connectResource) {
      const queuedConnect = this.takeQueued(method, url.pathname);
      if (queuedConnect) return send(res, queuedConnect(this.fixture(connectResource)));
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      return send(
        res,
        this.connect.handle({
          method,
          path: url.pathname,
          query: url.searchParams,
          form,
          stripeAccount: header('stripe-account'),
          idempotencyKey: header('idempotency-key'),
        })!,
      );
    }

    if (this.disputes.handles(url.pathname)) {
      const queuedDispute = this.takeQueued(method, url.pathname);
      if (queuedDispute) return send(res, queuedDispute(this.fixture('dispute')));
      const key = req.headers['idempotency-key'];
      return send(
        res,
        this.disputes.handle({
          method,
          path: url.pathname,
          query: url.searchParams,
          form,
          idempotencyKey: Array.isArray(key) ? key[0] : key,
        }),
      );
    }

    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route)
      return send(res, {
        status: 404,
        body: stripeError('invalid_request_error', 'Unrecognized request URL'),
      });
    const match = url.pathname.match(route.pattern)!;
    const fixture = this.fixture(route.resource);
    for (const field of route.reflect) if (form[field] !== undefined) fixture[field] = coerce(form[field]);
    const metadata = Object.entries(form).filter(([k]) => k.startsWith('metadata['));
    if (metadata.length > 0)
      fixture.metadata = Object.fromEntries(metadata.map(([k, v]) => [k.slice(9, -1), v]));
    Object.assign(fixture, route.fixed?.(match, form) ?? {});

    const key = req.headers['idempotency-key'];
    const replayKey = this.replaysByIdempotencyKey && method === 'POST' && typeof key === 'string' && key;
    const replayed = replayKey ? this.answered.get(replayKey) : undefined;
    if (replayed) return send(res, structuredClone(replayed));
    const respond = this.takeQueued(method, url.pathname);
    const known = route.resource === 'payment_intent' && method === 'GET' && this.intents.get(match[1]);
    const response = respond
      ? respond(fixture)
      : { status: 200, body: known ? this.intentAsStored(match[1], url.searchParams) : fixture };
    this.remember(route.resource, response, form);
    if (replayKey) this.answered.set(replayKey, structuredClone(response));
    send(res, response);
  }

  /** Keeps the intents it answered with (a card error carries one too) and the refunds it made. */
  private remember(resource: string, response: StubbedResponse, form: Record<string, string>): void {
    const body = response.body as { id?: string; error?: { payment_intent?: { id?: string } } };
    const intent = response.status === 200 ? body : body?.error?.payment_intent;
    if (resource === 'payment_intent' && intent?.id)
      this.intents.set(intent.id, { ...this.intents.get(intent.id), ...structuredClone(intent) });
    if (resource === 'refund' && response.status === 200 && form.payment_intent)
      this.refunded.set(
        form.payment_intent,
        (this.refunded.get(form.payment_intent) ?? 0) + Number((body as { amount?: number }).amount ?? 0),
      );
  }

  /** A remembered intent; with `expand[]=latest_charge`, its charge says what was refunded. */
  private intentAsStored(id: string, query: URLSearchParams): Record<string, unknown> {
    const intent = structuredClone(this.intents.get(id)!);
    const expanded = [...query.entries()].some(([k, v]) => k.startsWith('expand') && v === 'latest_charge');
    const received = Number(intent.amount_received ?? 0);
    if (expanded && (received > 0 || intent.status === 'requires_capture'))
      intent.latest_charge = {
        ...this.fixture('charge'),
        id: `ch_for_${id}`,
        payment_intent: id,
        amount: intent.amount,
        amount_captured: received,
        captured: received > 0,
        amount_refunded: this.refunded.get(id) ?? 0,
        refunded: (this.refunded.get(id) ?? 0) >= received && received > 0,
      };
    else if (expanded) intent.latest_charge = null;
    return intent;
  }

  /** The transfers this server made for one transfer group (a rental): what "paid once" is checked against. */
  transfersOf(group: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/transfers' && r.form.transfer_group === group,
    );
  }

  private takeQueued(method: string, path: string) {
    const queued = this.queued.findIndex((q) => q.method === method && q.pattern.test(path));
    if (queued < 0) return null;
    return this.queued.splice(queued, 1)[0].respond;
  }
}

export function stripeError(type: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { type, message, ...extra } };
}

function coerce(value: string): unknown {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function send(res: ServerResponse, response: StubbedResponse): void {
  res.writeHead(response.status, {
    'content-type': 'application/json',
    'request-id': `req_fixture_${Date.now()}`,
    ...response.headers,
  });
  res.end(JSON.stringify(response.body));
}
