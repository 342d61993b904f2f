/**
 * Webhook delivery through the real app: events committed to an outbox, relayed into the feed,
 * fanned out and POSTed by the worker to a local node:http receiver that verifies nothing and
 * answers 200 at once (what is measured is the platform's side).
 *   burst:  EVENTS events committed as fast as one connection can, then delivery throughput
 *           (events per second from the first commit to the last arrival);
 *   steady: RATE events per second for DURATION_MS, then the lag from each event's commit to its
 *           arrival at the receiver, p50/p99 (the relay's and the worker's timers at their defaults:
 *           EVENTS_RELAY_INTERVAL_MS 200 with wake-up, WEBHOOK_DISPATCH_INTERVAL_MS 1000 with wake-up).
 * Each event is its own resource (a different user), so per-resource ordering never holds one back.
 *
 * Run (2 cores; about a minute):
 *   npm run bench:webhooks
 * EVENTS (default 2000), RATE (default 50) and DURATION_MS (default 10000) tune it;
 * BENCH_DATABASE_URL picks a PostgreSQL server (else an embedded one).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineEvent } from '../src/platform/events/integration-event';
import { Outbox } from '../src/platform/events/outbox';
import type { BenchApi } from './rental-bench-support';
import { call, signUp, startBenchApi, summarize } from './rental-bench-support';

const EVENTS = Number(process.env.EVENTS ?? 2000);
const RATE = Number(process.env.RATE ?? 50);
const DURATION_MS = Number(process.env.DURATION_MS ?? 10_000);
const UserRatingChanged = defineEvent<{ userId: string; average: number; count: number }>(
  'review.UserRatingChanged',
);

/** Arrival time of each event id (first arrival; repeats counted apart). */
class Receiver {
  readonly arrivals = new Map<string, number>();
  repeats = 0;
  private server?: Server;
  private waiting?: { count: number; resolve: () => void };

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      const id = String(req.headers['onesociety-event-id']);
      req.resume();
      req.on('end', () => {
        if (this.arrivals.has(id)) this.repeats++;
        else this.arrivals.set(id, performance.timeOrigin + performance.now());
        res.writeHead(200).end();
        if (this.waiting && this.arrivals.size >= this.waiting.count) this.waiting.resolve();
      });
    });
    this.server.keepAliveTimeout = 1;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  until(count: number, timeoutMs = 300_000): Promise<void> {
    if (this.arrivals.size >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.arrivals.size}/${count} arrived`)),
        timeoutMs,
      );
      this.waiting = { count, resolve: () => (clearTimeout(timer), resolve()) };
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

async function registerEndpoint(api: BenchApi, port: number): Promise<void> {
  const admin = await signUp(api, true);
  const client = await call(
    api.base,
    'POST',
    '/admin/integrations/clients',
    { name: 'Bench', scopes: ['events:read'] },
    admin.auth,
  );
  if (client.status !== 201) throw new Error(`client: ${client.status} ${JSON.stringify(client.body)}`);
  const res = await call(
    api.base,
    'POST',
    '/integrations/webhooks',
    { url: `http://127.0.0.1:${port}/hook`, eventTypes: ['*'] },
    { 'x-api-key': client.body.key.secret },
  );
  if (res.status !== 201) throw new Error(`endpoint: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Commits one event; returns its id and commit time. */
async function commitOne(api: BenchApi): Promise<[string, number]> {
  const event = UserRatingChanged.create({ userId: randomUUID(), average: 4, count: 1 });
  await api.db.transaction((m) => api.app.get(Outbox).publish(m, 'review', event));
  return [event.id, performance.timeOrigin + performance.now()];
}

async function main(): Promise<void> {
  const receiver = new Receiver();
  const port = await receiver.start();
  const api = await startBenchApi({ WEBHOOK_ALLOW_INSECURE_LOOPBACK: 'true', LOG_LEVEL: 'silent' });
  try {
    await registerEndpoint(api, port);

    // Burst: throughput.
    const burstStart = performance.timeOrigin + performance.now();
    const burst: [string, number][] = [];
    for (let i = 0; i < EVENTS; i++) burst.push(await commitOne(api));
    const committedIn = performance.timeOrigin + performance.now() - burstStart;
    await receiver.until(EVENTS);
    const lastArrival = Math.max(...burst.map(([id]) => receiver.arrivals.get(id)!));
    const burstSeconds = (lastArrival - burstStart) / 1000;
    const [{ appended }] = await api.db.query(
      `SELECT extract(epoch FROM max(appended_at)) * 1000 AS appended FROM integration.feed_events WHERE event_id = ANY($1)`,
      [burst.map(([id]) => id)],
    );

    // Steady: lag from commit to arrival.
    const steady: [string, number][] = [];
    const interval = 1000 / RATE;
    const steadyStart = Date.now();
    while (Date.now() - steadyStart < DURATION_MS) {
      const due = steadyStart + steady.length * interval;
      if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
      steady.push(await commitOne(api));
    }
    await receiver.until(EVENTS + steady.length);
    const lags = steady.map(([id, committed]) => receiver.arrivals.get(id)! - committed);

    console.log(
      JSON.stringify(
        {
          burst: {
            events: EVENTS,
            committedInSeconds: Math.round(committedIn) / 1000,
            inFeedInSeconds: Math.round(Number(appended) - burstStart) / 1000,
            deliveredInSeconds: Math.round(burstSeconds * 1000) / 1000,
            eventsPerSecond: Math.round(EVENTS / burstSeconds),
          },
          steady: { ratePerSecond: RATE, events: steady.length, lagMs: summarize(lags) },
          repeats: receiver.repeats,
        },
        null,
        2,
      ),
    );
  } finally {
    await api.stop();
    await receiver.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
