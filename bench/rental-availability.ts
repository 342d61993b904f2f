/**
 * Availability check latency with 1,000 and then 1,000,000 rentals in the table: it must stay
 * flat, because the overlap lookup is an index scan of the gist exclusion index on
 * (product_id, period), whatever the table's size.
 *
 * Run (builds to plain JS first; 2 cores, about 3-5 minutes):
 *   npx tsc -p tsconfig.json --outDir dist/bench-build && node dist/bench-build/bench/rental-availability.js
 * BENCH_DATABASE_URL=postgres://... uses that server instead of an embedded one (a fresh
 * database is created and dropped).
 */
import type { BenchApi } from './rental-bench-support';
import {
  call,
  createProduct,
  elapsedMs,
  signUp,
  startBenchApi,
  summarize,
  utcDay,
} from './rental-bench-support';

const RENTALS_PER_PRODUCT = 100;
const HTTP_SAMPLES = 1000;
const SQL_SAMPLES = 2000;

/**
 * Adds `count` rentals: `count / 100` products with 100 rentals each, 3-day stays every 4 days
 * from tomorrow, statuses mixed (half of them holding). In the first batch, product 0 is the real
 * product the API checks; later batches use other products, so its own density is the same at
 * every scale and only the table grows. The hold trigger is paused for the bulk load and the
 * holds are written in one statement instead.
 */
async function fillRentals(
  api: BenchApi,
  productId: string | null,
  batch: string,
  count: number,
): Promise<number> {
  const started = process.hrtime.bigint();
  const products = count / RENTALS_PER_PRODUCT;
  await api.db.transaction(async (m) => {
    await m.query('SET LOCAL statement_timeout = 0');
    await m.query('ALTER TABLE rental.rentals DISABLE TRIGGER trg_rentals_sync_hold');
    await m.query(
      `WITH inserted AS (
       INSERT INTO rental.rentals (id, product_id, renter_id, owner_id, start_date, end_date, buffer_days, period,
         status, cancelled_by, currency, rental_days, subtotal, platform_fee, deposit, total, respond_by,
         returned_at, completed_at, cancellation_policy, cancellation_refund)
       SELECT gen_random_uuid(), x.product_id, gen_random_uuid(), gen_random_uuid(), x.start_date,
              x.start_date + 3, 0, daterange(x.start_date, x.start_date + 3, '[)'), x.status,
              CASE WHEN x.status = 'cancelled' THEN 'renter' END, 'EUR', 3, 7500, 750, 10000, 18250,
              now() + interval '48 hours',
              CASE WHEN x.status = 'completed' THEN now() END, CASE WHEN x.status = 'completed' THEN now() END,
              'flexible', CASE WHEN x.status = 'cancelled' THEN 8250 END
       FROM (
         SELECT CASE WHEN g % $3 = 0 AND $1::uuid IS NOT NULL THEN $1::uuid
                     ELSE md5('bench-product-' || $2 || '-' || (g % $3))::uuid END AS product_id,
                (current_date + 1 + 4 * (g / $3)::int) AS start_date,
                (ARRAY['requested', 'accepted', 'completed', 'cancelled'])[1 + (g / $3)::int % 4] AS status
         FROM generate_series(0, $4::bigint - 1) AS g
       ) x
       RETURNING id, product_id, period, status)
       INSERT INTO rental.holds (id, product_id, period, rental_id)
       SELECT id, product_id, period, id FROM inserted WHERE status IN ('requested', 'accepted', 'active')`,
      [productId, batch, products, count],
    );
    await m.query('ALTER TABLE rental.rentals ENABLE TRIGGER trg_rentals_sync_hold');
  });
  await api.db.query('ANALYZE rental.rentals');
  await api.db.query('ANALYZE rental.holds');
  return elapsedMs(started);
}

async function measure(api: BenchApi, productId: string) {
  // A 6-day stay overlapping two holding rentals of the product (a requested and an accepted one).
  const body = { productId, startDate: utcDay(48), endDate: utcDay(54) };
  for (let i = 0; i < 100; i++) await call(api.base, 'POST', '/availability', body);
  const http: number[] = [];
  let conflicts = 0;
  for (let i = 0; i < HTTP_SAMPLES; i++) {
    const started = process.hrtime.bigint();
    const res = await call(api.base, 'POST', '/availability', body);
    http.push(elapsedMs(started));
    if (res.status !== 200) throw new Error(`availability: ${res.status} ${JSON.stringify(res.body)}`);
    conflicts = res.body.conflicts.length;
  }
  const sqlText = `SELECT lower(period), upper(period), rental_id IS NULL FROM rental.holds
                   WHERE product_id = $1 AND period && daterange($2::date, $3::date, '[)')`;
  const params = [productId, body.startDate, body.endDate];
  const sql: number[] = [];
  for (let i = 0; i < SQL_SAMPLES; i++) {
    const started = process.hrtime.bigint();
    await api.db.query(sqlText, params);
    sql.push(elapsedMs(started));
  }
  const plan: { 'QUERY PLAN': string }[] = await api.db.query(
    `EXPLAIN (ANALYZE, COSTS OFF) ${sqlText}`,
    params,
  );
  const [{ rentals, holds }] = await api.db.query(
    `SELECT (SELECT count(*) FROM rental.rentals)::int AS rentals, (SELECT count(*) FROM rental.holds)::int AS holds`,
  );
  return {
    rentals,
    holds,
    conflicts,
    http: summarize(http),
    sql: summarize(sql),
    plan: plan.map((r) => r['QUERY PLAN']),
  };
}

async function main(): Promise<void> {
  const api = await startBenchApi();
  try {
    const owner = await signUp(api);
    const productId = await createProduct(api, owner);
    const results = [];
    const fill1k = await fillRentals(api, productId, 'a', 1_000);
    results.push({ scale: '1k', fillMs: Math.round(fill1k), ...(await measure(api, productId)) });
    const fill1m = await fillRentals(api, null, 'b', 999_000);
    results.push({ scale: '1M', fillMs: Math.round(fill1m), ...(await measure(api, productId)) });
    for (const r of results) {
      console.log(
        `\n== ${r.scale}: ${r.rentals} rentals, ${r.holds} holds (loaded in ${r.fillMs} ms); ${r.conflicts} conflicts found`,
      );
      console.log(`POST /availability over HTTP (ms): ${JSON.stringify(r.http)}`);
      console.log(`overlap query alone (ms):          ${JSON.stringify(r.sql)}`);
      console.log(r.plan.join('\n'));
    }
  } finally {
    await api.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
