/**
 * Search latency with 1,000 and then 100,000 products: GET /products through the real app and
 * HTTP, for the queries people actually run (browse, words, a typo, a category with a price cap,
 * around a point, tags, a combination, a deep page), p50/p95/p99 at each size.
 *
 * Run (builds to plain JS first; 2 cores, about 3 minutes, most of it loading 99,000 rows):
 *   npx tsc -p tsconfig.json --outDir dist/bench-build && node dist/bench-build/bench/catalog-search.js
 * A fresh database is created (and dropped) on BENCH_DATABASE_URL's server, else TEST_DATABASE_URL's
 * or DATABASE_URL's, else in a throw-away embedded PostgreSQL. SAMPLES=300 requests per query.
 */
import { seedBulkProducts, vacuumAnalyzeCatalog } from './catalog-search.seed';
import type { BenchApi } from './rental-bench-support';
import { call, elapsedMs, signUp, startBenchApi, summarize, utcDay } from './rental-bench-support';

const SAMPLES = Number(process.env.SAMPLES ?? 300);
const WARMUP = 30;
const SIZES = [1_000, 100_000];

interface Scenario {
  name: string;
  path: string;
}

async function setUp(api: BenchApi): Promise<{ owners: string[]; roots: string[]; all: string[] }> {
  const owners: string[] = [];
  for (let i = 0; i < 50; i++) owners.push((await signUp(api)).id);
  const admin = await signUp(api, true);
  const roots: string[] = [];
  const all: string[] = [];
  for (const root of ['Tools', 'Outdoor', 'Electronics', 'Party', 'Sports']) {
    const made = await call(api.base, 'POST', '/categories', { name: root }, admin.auth);
    if (made.status !== 201) throw new Error(`category: ${made.status} ${JSON.stringify(made.body)}`);
    roots.push(made.body.id);
    all.push(made.body.id);
    for (const child of ['Small', 'Medium', 'Large']) {
      const sub = await call(
        api.base,
        'POST',
        '/categories',
        { name: `${root} ${child}`, parentId: made.body.id },
        admin.auth,
      );
      all.push(sub.body.id);
    }
  }
  return { owners, roots, all };
}

function scenarios(rootCategory: string): Scenario[] {
  const stay = `availableFrom=${utcDay(10)}&availableTo=${utcDay(13)}`;
  return [
    { name: 'browse: newest, page 1', path: '/products' },
    { name: 'words: q=cordless drill', path: '/products?q=cordless%20drill' },
    { name: 'typo: q=kayk (trigram fallback)', path: '/products?q=kayk' },
    {
      name: 'category subtree + maxPrice, price_asc',
      path: `/products?categoryId=${rootCategory}&currency=EUR&maxPrice=3000&sort=price_asc`,
    },
    { name: 'near Berlin, 10 km, by distance', path: '/products?near=52.52,13.405&radiusKm=10' },
    { name: 'tags=makita,cordless', path: '/products?tags=makita,cordless' },
    {
      name: 'q=bike + near Lisbon 25 km + stay + price_asc',
      path: `/products?q=bike&near=38.7223,-9.1393&radiusKm=25&${stay}&sort=price_asc`,
    },
    { name: 'browse: page 50', path: '/products?page=50&limit=20' },
  ];
}

async function measure(api: BenchApi, scenario: Scenario) {
  let total = 0;
  for (let i = 0; i < WARMUP; i++) {
    const res = await call(api.base, 'GET', scenario.path);
    if (res.status !== 200) throw new Error(`${scenario.name}: ${res.status} ${JSON.stringify(res.body)}`);
    total = res.body.total;
  }
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = process.hrtime.bigint();
    const res = await call(api.base, 'GET', scenario.path);
    samples.push(elapsedMs(started));
    if (res.status !== 200) throw new Error(`${scenario.name}: ${res.status}`);
  }
  return { total, ...summarize(samples) };
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (server) process.env.BENCH_DATABASE_URL = server;
  const api = await startBenchApi({ DATABASE_POOL_SIZE: '10', EVENTS_RELAY_INTERVAL_MS: '0' });
  try {
    const { owners, roots, all } = await setUp(api);
    let loaded = 0;
    const results: string[] = [];
    for (const size of SIZES) {
      const started = process.hrtime.bigint();
      await api.db.transaction(async (m) => {
        await m.query('SET LOCAL statement_timeout = 0');
        await seedBulkProducts(m, size - loaded, owners, all, 0.1 + size / 1e6);
      });
      await vacuumAnalyzeCatalog(api.db);
      console.error(`loaded ${size - loaded} products in ${(elapsedMs(started) / 1000).toFixed(1)} s`);
      loaded = size;
      for (const scenario of scenarios(roots[0])) {
        const r = await measure(api, scenario);
        const line = `| ${size.toLocaleString('en')} | ${scenario.name} | ${r.total.toLocaleString('en')} | ${r.p50} / ${r.p95} / ${r.p99} |`;
        console.error(line);
        results.push(line);
      }
    }
    console.log('| products | query | matches | p50 / p95 / p99 (ms) |');
    console.log('| ---: | --- | ---: | --- |');
    for (const line of results) console.log(line);
  } finally {
    await api.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
