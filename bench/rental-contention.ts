/**
 * Booking throughput under contention, through the HTTP API: many renters booking at once, with
 * Idempotency-Keys, as real clients would. Three scenarios:
 *   hot-same-dates:  every renter wants the same 3 days of one product (one wins, the rest are 409s)
 *   hot-random:      every renter wants 1-4 random days within 120 days of one product
 *   spread:          random days of 100 products
 * After each, the table is checked for any overlap among holding rentals (there must be none).
 *
 * Run (2 cores; about a minute):
 *   npx tsc -p tsconfig.json --outDir dist/bench-build && node dist/bench-build/bench/rental-contention.js
 * CONCURRENCY (default 50) and DURATION_MS (default 10000) tune it; BENCH_DATABASE_URL picks a server.
 */
import { randomUUID } from 'node:crypto';
import type { BenchApi, BenchUser } from './rental-bench-support';
import {
  call,
  createProduct,
  elapsedMs,
  signUp,
  startBenchApi,
  summarize,
  utcDay,
} from './rental-bench-support';

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);
const DURATION_MS = Number(process.env.DURATION_MS ?? 10_000);

type Pick = () => { productId: string; startDate: string; endDate: string };

async function scenario(api: BenchApi, name: string, renters: BenchUser[], pick: Pick) {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const deadline = Date.now() + DURATION_MS;
  const started = process.hrtime.bigint();
  await Promise.all(
    renters.map(async (renter) => {
      while (Date.now() < deadline) {
        const t0 = process.hrtime.bigint();
        const res = await call(api.base, 'POST', '/rentals', pick(), {
          ...renter.auth,
          'idempotency-key': `bench-${randomUUID()}`,
        });
        latencies.push(elapsedMs(t0));
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = elapsedMs(started) / 1000;
  const [{ overlaps }] = await api.db.query(
    `SELECT count(*)::int AS overlaps FROM rental.rentals a JOIN rental.rentals b
       ON a.product_id = b.product_id AND a.id < b.id AND a.period && b.period
     WHERE a.status IN ('requested', 'accepted', 'active') AND b.status IN ('requested', 'accepted', 'active')`,
  );
  const total = latencies.length;
  return {
    name,
    seconds: Math.round(seconds * 10) / 10,
    requests: total,
    requestsPerSecond: Math.round(total / seconds),
    bookedPerSecond: Math.round(((statuses[201] ?? 0) / seconds) * 10) / 10,
    statuses,
    latencyMs: summarize(latencies),
    overlapsInTable: overlaps,
  };
}

const randomInt = (n: number) => Math.floor(Math.random() * n);

async function main(): Promise<void> {
  const api = await startBenchApi();
  try {
    const owner = await signUp(api);
    const renters: BenchUser[] = [];
    for (let i = 0; i < CONCURRENCY; i += 10)
      renters.push(
        ...(await Promise.all(Array.from({ length: Math.min(10, CONCURRENCY - i) }, () => signUp(api)))),
      );
    const hot = await createProduct(api, owner);
    const hot2 = await createProduct(api, owner);
    const spread: string[] = [];
    for (let i = 0; i < 100; i++) spread.push(await createProduct(api, owner));

    const results = [
      await scenario(api, 'hot-same-dates', renters, () => ({
        productId: hot,
        startDate: utcDay(5),
        endDate: utcDay(8),
      })),
      await scenario(api, 'hot-random', renters, () => {
        const start = 1 + randomInt(120);
        return { productId: hot2, startDate: utcDay(start), endDate: utcDay(start + 1 + randomInt(4)) };
      }),
      await scenario(api, 'spread', renters, () => {
        const start = 1 + randomInt(700);
        return {
          productId: spread[randomInt(spread.length)],
          startDate: utcDay(start),
          endDate: utcDay(start + 1 + randomInt(4)),
        };
      }),
    ];
    console.log(
      `concurrency ${CONCURRENCY}, ${DURATION_MS} ms per scenario, pool ${api.db.options.extra?.max ?? '?'}`,
    );
    for (const r of results) console.log(JSON.stringify(r));
  } finally {
    await api.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
