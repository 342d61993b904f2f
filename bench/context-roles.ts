/**
 * What a database role per context costs, against today's single pool of one all-powerful user.
 * Three ways to run a context's statements, each with the same 10 concurrent clients:
 *   single        one pool (max 10) logged in as the admin: today, nothing enforced;
 *   pool-per-ctx  one lazy pool per context (max CONTEXT_POOL_MAX each, default 3), logged in as
 *                 that context's role;
 *   set-role      the single admin pool, each unit of work switched to the context's role:
 *                 a lone read as `SET ROLE` + statement + `RESET ROLE`, a transaction as
 *                 `BEGIN; SET LOCAL ROLE …` sent as one simple query (no extra round trip).
 * Two workloads, each request for a random one of the ten contexts:
 *   search   one indexed read of 20 rows (category + price order), as product search pages;
 *   booking  BEGIN, lock a product row, insert a booking and an outbox event, COMMIT.
 * Every context has its own schema, owned by its role, with 20,000 products.
 *
 * Run (2 cores, about a minute; BENCH_DATABASE_URL names a server whose database name contains
 * `bench`, dropped and recreated; the server must let the roles log in, e.g. trust on 127.0.0.1):
 *   npm run bench:roles
 * DURATION_MS (default 5000 per run) and ROUNDS (default 2, the order of strategies alternates).
 */
import { Client, Pool } from 'pg';
import { CONTEXT_NAMES } from '../src/platform/config/contexts';

const CONTEXTS: string[] = [...CONTEXT_NAMES];
const ROLE_PREFIX = 'onesociety_bench_';
const CONCURRENCY = 10;
const POOL_MAX = 10;
/** Per context: ten pools of ten would open 100 connections for the same 10 clients. */
const CONTEXT_POOL_MAX = Number(process.env.CONTEXT_POOL_MAX ?? 3);
const PRODUCTS = 20_000;
const DURATION_MS = Number(process.env.DURATION_MS ?? 5000);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/onesociety_bench_roles';

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;
interface Strategy {
  name: string;
  /** One lone statement as `ctx`. */
  read(ctx: string, sql: string, params: unknown[]): Promise<unknown>;
  /** A transaction as `ctx`. */
  transaction(ctx: string, work: (q: Query) => Promise<void>): Promise<void>;
  end(): Promise<void>;
}

const roleOf = (ctx: string) => `${ROLE_PREFIX}${ctx}`;
const withUser = (base: string, user: string) => {
  const u = new URL(base);
  u.username = user;
  u.password = '';
  return u.toString();
};

async function inTransaction(client: { query: Query }, begin: string, work: (q: Query) => Promise<void>) {
  await client.query(begin);
  try {
    await work((sql, params) => client.query(sql, params));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

function single(): Strategy {
  const pool = new Pool({ connectionString: url, max: POOL_MAX });
  return {
    name: 'single pool (admin, not enforced)',
    read: (_ctx, sql, params) => pool.query(sql, params),
    transaction: async (_ctx, work) => {
      const client = await pool.connect();
      try {
        await inTransaction(client, 'BEGIN', work);
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}

function poolPerContext(): Strategy {
  const pools = new Map(
    CONTEXTS.map((ctx) => [
      ctx,
      new Pool({ connectionString: withUser(url, roleOf(ctx)), max: CONTEXT_POOL_MAX }),
    ]),
  );
  const poolOf = (ctx: string) => pools.get(ctx) as Pool;
  return {
    name: `pool per context, max ${CONTEXT_POOL_MAX} (login as role)`,
    read: (ctx, sql, params) => poolOf(ctx).query(sql, params),
    transaction: async (ctx, work) => {
      const client = await poolOf(ctx).connect();
      try {
        await inTransaction(client, 'BEGIN', work);
      } finally {
        client.release();
      }
    },
    end: async () => {
      await Promise.all([...pools.values()].map((p) => p.end()));
    },
  };
}

function setRole(): Strategy {
  const pool = new Pool({ connectionString: url, max: POOL_MAX });
  return {
    name: 'SET ROLE per unit of work (admin pool)',
    read: async (ctx, sql, params) => {
      const client = await pool.connect();
      try {
        await client.query(`SET ROLE ${roleOf(ctx)}`);
        const result = await client.query(sql, params);
        await client.query('RESET ROLE');
        return result;
      } finally {
        client.release();
      }
    },
    transaction: async (ctx, work) => {
      const client = await pool.connect();
      try {
        await inTransaction(client, `BEGIN; SET LOCAL ROLE ${roleOf(ctx)}`, work);
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

const workloads: Record<string, (s: Strategy) => Promise<void>> = {
  search: async (s) => {
    const ctx = pick(CONTEXTS);
    await s.read(
      ctx,
      `SELECT id, title, price FROM ${ctx}.products WHERE category = $1 AND price >= $2 ORDER BY price LIMIT 20`,
      [Math.floor(Math.random() * 50), Math.floor(Math.random() * 5000)],
    );
  },
  booking: async (s) => {
    const ctx = pick(CONTEXTS);
    const product = 1 + Math.floor(Math.random() * PRODUCTS);
    await s.transaction(ctx, async (q) => {
      await q(`SELECT id FROM ${ctx}.products WHERE id = $1 FOR UPDATE`, [product]);
      await q(`INSERT INTO ${ctx}.bookings (product_id, starts_on) VALUES ($1, current_date + $2::int)`, [
        product,
        Math.floor(Math.random() * 365),
      ]);
      await q(`INSERT INTO ${ctx}.outbox_events (type, payload) VALUES ('BookingRequested', $1::jsonb)`, [
        JSON.stringify({ product }),
      ]);
    });
  },
};

async function prepare(): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('bench'))
    throw new Error(`BENCH_DATABASE_URL must name a database containing "bench" (got ${name})`);
  const admin = new Client({
    connectionString: withUser(url, new URL(url).username || 'postgres').replace(`/${name}`, '/postgres'),
  });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  for (const ctx of CONTEXTS) {
    await admin.query(`CREATE ROLE ${roleOf(ctx)} LOGIN`).catch((e: { code?: string }) => {
      if (e.code !== '42710' && e.code !== '23505') throw e;
    });
  }
  await admin.end();
  const db = new Client({ connectionString: url });
  await db.connect();
  for (const ctx of CONTEXTS) {
    await db.query(`CREATE SCHEMA ${ctx} AUTHORIZATION ${roleOf(ctx)}`);
    await db.query(`SET ROLE ${roleOf(ctx)}`);
    await db.query(
      `CREATE TABLE ${ctx}.products (id int PRIMARY KEY, title text NOT NULL, category int NOT NULL, price int NOT NULL)`,
    );
    await db.query(
      `INSERT INTO ${ctx}.products SELECT i, md5(i::text), i % 50, (i * 7919) % 10000 FROM generate_series(1, ${PRODUCTS}) i`,
    );
    await db.query(`CREATE INDEX ON ${ctx}.products (category, price)`);
    await db.query(
      `CREATE TABLE ${ctx}.bookings (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, product_id int NOT NULL REFERENCES ${ctx}.products, starts_on date NOT NULL)`,
    );
    await db.query(
      `CREATE TABLE ${ctx}.outbox_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL, occurred_at timestamptz NOT NULL DEFAULT now())`,
    );
    await db.query('RESET ROLE');
    await db.query(`ANALYZE ${ctx}.products`);
  }
  // The enforcement each strategy relies on: a context's role sees no other context's schema.
  await db.query(`SET ROLE ${roleOf('review')}`);
  const denied = await db.query('SELECT 1 FROM catalog.products LIMIT 1').then(
    () => false,
    (e: { code?: string }) => e.code === '42501',
  );
  await db.query('RESET ROLE');
  await db.end();
  if (!denied) throw new Error('review could read catalog: the roles do not enforce anything');
}

interface Result {
  strategy: string;
  workload: string;
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function run(strategy: Strategy, workload: string): Promise<Result> {
  const unit = workloads[workload];
  // Warm-up: every context's connections opened, plans cached.
  const warmUntil = Date.now() + 2000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < warmUntil) await unit(strategy);
    }),
  );
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const deadline = Date.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const t0 = process.hrtime.bigint();
        await unit(strategy);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    strategy: strategy.name,
    workload,
    ops: latencies.length,
    perSecond: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
  };
}

async function main(): Promise<void> {
  await prepare();
  const factories = [single, poolPerContext, setRole];
  const results: Result[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? factories : [...factories].reverse();
    for (const workload of Object.keys(workloads)) {
      for (const factory of order) {
        const strategy = factory();
        try {
          const result = await run(strategy, workload);
          results.push(result);
          console.warn(`round ${round + 1} ${workload} ${result.strategy}: ${result.perSecond.toFixed(0)}/s`);
        } finally {
          await strategy.end();
        }
      }
    }
  }
  console.log('| workload | strategy | ops/s (mean of rounds) | p50 ms | p99 ms |');
  console.log('|---|---|---:|---:|---:|');
  for (const workload of Object.keys(workloads)) {
    for (const factory of factories) {
      const unused = factory();
      const name = unused.name;
      await unused.end();
      const mine = results.filter((r) => r.workload === workload && r.strategy === name);
      const mean = (f: (r: Result) => number) => mine.reduce((s, r) => s + f(r), 0) / mine.length;
      console.log(
        `| ${workload} | ${name} | ${mean((r) => r.perSecond).toFixed(0)} | ${mean((r) => r.p50).toFixed(2)} | ${mean((r) => r.p99).toFixed(2)} |`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
