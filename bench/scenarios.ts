import autocannon from 'autocannon';
import type { Result } from 'autocannon';
import { Client } from 'pg';
import { BENCH_PASSWORD } from './generate-data';
import type { CpuUsed } from './bench-support';
import { accessToken, pick, uniqueKey, utcDay } from './bench-support';

/** What the scenarios draw from: real ids of the generated data set. */
export interface Fixtures {
  productIds: string[];
  bookableIds: string[];
  rootCategoryIds: string[];
  renterTokens: string[];
  loginEmails: string[];
  conversations: { id: string; token: string }[];
}

export async function loadFixtures(databaseUrl: string): Promise<Fixtures> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const ids = async (sql: string) => (await db.query(sql)).rows.map((r) => r.id as string);
    const visible = `status = 'active' AND deleted_at IS NULL`;
    const renters = await ids(
      `SELECT id FROM identity.users WHERE email LIKE 'renter%' ORDER BY email LIMIT 200`,
    );
    const hasMessages = (await db.query(`SELECT to_regclass('messaging.conversations') IS NOT NULL AS ok`))
      .rows[0].ok;
    const conversations = hasMessages
      ? (await db.query(`SELECT id, renter_id FROM messaging.conversations ORDER BY md5(id::text) LIMIT 200`))
          .rows
      : [];
    return {
      productIds: await ids(
        `SELECT id FROM catalog.products WHERE ${visible} ORDER BY md5(id::text) LIMIT 1000`,
      ),
      bookableIds: await ids(
        `SELECT id FROM catalog.products WHERE ${visible} AND min_days <= 2 ORDER BY md5(id::text || 'b') LIMIT 5000`,
      ),
      rootCategoryIds: await ids(`SELECT id FROM catalog.categories WHERE parent_id IS NULL ORDER BY slug`),
      renterTokens: renters.map((id) => accessToken(id)),
      loginEmails: (
        await db.query(`SELECT email FROM identity.users WHERE email LIKE 'renter%' ORDER BY email LIMIT 200`)
      ).rows.map((r) => r.email),
      conversations: conversations.map((c) => ({ id: c.id, token: accessToken(c.renter_id) })),
    };
  } finally {
    await db.end();
  }
}

const THINGS = ['drill', 'tent', 'camera', 'bike', 'ladder', 'kayak', 'projector', 'speaker', 'saw', 'drone'];
const PLACES = ['38.7223,-9.1393', '48.8566,2.3522', '52.52,13.405', '40.4168,-3.7038', '41.9028,12.4964'];
const json = { 'content-type': 'application/json' };

type Setup = (f: Fixtures) => {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
};

/** Each scenario draws a fresh request per call from the fixtures. */
export const SCENARIOS: Record<string, Setup> = {
  // No work at all: what the framework costs a request before any handler does anything.
  liveness: () => ({ method: 'GET', path: '/health/live' }),
  // Text + category (with its subtree) + price + distance: every filter the issue names at once.
  search: (f) => ({
    method: 'GET',
    path:
      `/api/v1/products?q=${pick(THINGS)}&categoryId=${pick(f.rootCategoryIds)}&minPrice=500&maxPrice=8000&currency=EUR` +
      `&near=${pick(PLACES)}&radiusKm=25`,
  }),
  detail: (f) => ({ method: 'GET', path: `/api/v1/products/${pick(f.productIds)}` }),
  availability: (f) => {
    const start = 5 + Math.floor(Math.random() * 300);
    return {
      method: 'POST',
      path: '/api/v1/availability',
      headers: json,
      body: JSON.stringify({
        productId: pick(f.productIds),
        startDate: utcDay(start),
        endDate: utcDay(start + 3),
      }),
    };
  },
  // Past the generated year ahead, on 5,000 products: nearly every booking succeeds.
  'booking-uncontended': (f) => {
    const start = 370 + Math.floor(Math.random() * 340);
    return {
      method: 'POST',
      path: '/api/v1/rentals',
      headers: { ...json, authorization: `Bearer ${pick(f.renterTokens)}`, 'idempotency-key': uniqueKey() },
      body: JSON.stringify({
        productId: pick(f.bookableIds),
        startDate: utcDay(start),
        endDate: utcDay(start + 2),
      }),
    };
  },
  // Everyone wants the same product on the same days: one 201, the rest 409.
  'booking-contended': (f) => ({
    method: 'POST',
    path: '/api/v1/rentals',
    headers: { ...json, authorization: `Bearer ${pick(f.renterTokens)}`, 'idempotency-key': uniqueKey() },
    body: JSON.stringify({ productId: f.bookableIds[0], startDate: utcDay(720), endDate: utcDay(722) }),
  }),
  login: (f) => ({
    method: 'POST',
    path: '/api/v1/auth/login',
    headers: json,
    body: JSON.stringify({ email: pick(f.loginEmails), password: BENCH_PASSWORD }),
  }),
  'message-list': (f) => {
    const c = pick(f.conversations);
    return {
      method: 'GET',
      path: `/api/v1/messaging/conversations/${c.id}/messages`,
      headers: { authorization: `Bearer ${c.token}` },
    };
  },
};

export interface Measured {
  scenario: string;
  target: string;
  connections: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  /** req/s of every round when a scenario ran several times (the figures above are the median run). */
  rounds?: number[];
  /** CPU milliseconds per request of the server process and of its PostgreSQL backends. */
  cpu?: { node: number | null; postgres: number | null };
}

export async function load(
  base: string,
  target: string,
  scenario: string,
  fixtures: Fixtures,
  options: {
    connections: number;
    seconds: number;
    warmupSeconds?: number;
    /** Starts counting the CPU the server and its database spend; the run reports it per request. */
    meter?: () => Promise<{ stop(): Promise<CpuUsed> }>;
  },
): Promise<Measured> {
  const setup = SCENARIOS[scenario];
  const run = (seconds: number) =>
    autocannon({
      url: base,
      connections: options.connections,
      duration: seconds,
      timeout: 30,
      requests: [{ setupRequest: (req) => ({ ...req, ...setup(fixtures) }) }],
    });
  if (options.warmupSeconds) await run(options.warmupSeconds);
  const meter = await options.meter?.();
  const result = await run(options.seconds);
  const used = await meter?.stop();
  const measured = summarize(scenario, target, options.connections, result);
  if (used) {
    const perRequest = (seconds: number | null) =>
      seconds === null || result.requests.total === 0
        ? null
        : Math.round((seconds * 1000 * 100) / result.requests.total) / 100;
    measured.cpu = { node: perRequest(used.node), postgres: perRequest(used.postgres) };
  }
  return measured;
}

export function summarize(scenario: string, target: string, connections: number, r: Result): Measured {
  return {
    scenario,
    target,
    connections,
    seconds: r.duration,
    rps: Math.round(r.requests.average * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    statuses: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
    errors: r.errors + r.timeouts,
  };
}
