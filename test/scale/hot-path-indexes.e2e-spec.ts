import { Client } from 'pg';
import { accessTokenFor } from './hot-path-support';
import { BENCH_PASSWORD, generateMarketplace } from '../../bench/generate-data';
import { recordStatements } from '../support/statement-recorder';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

/**
 * Every query the hot paths send is index-backed. The bench's generator fills this file's database
 * (a few thousand products, 50,000 rentals), the real app serves each hot path over HTTP while its
 * queries are recorded, and each recorded statement is EXPLAINed with sequential scans priced out
 * (enable_seqscan off): a Seq Scan that remains means no index can serve that access at all, which
 * is not allowed on a table of more than a thousand rows. (Whether the planner prefers the index
 * depends on the data's size; whether one exists does not.)
 */
const SCALE = { users: 2_000, products: 5_000, rentals: 50_000, messages: 20_000, reviews: 4_000 };
const BIG_TABLE_ROWS = 1_000;
const CONTEXT_SCHEMAS = ['identity', 'catalog', 'rental', 'messaging', 'review', 'payment', 'subscription'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode, found: string[] = []): string[] {
  if (node['Node Type'] === 'Seq Scan' && node.Schema && CONTEXT_SCHEMAS.includes(node.Schema))
    found.push(`${node.Schema}.${node['Relation Name']}`);
  for (const child of node.Plans ?? []) seqScans(child, found);
  return found;
}

describe('scale: hot-path queries are index-backed', () => {
  let t: TestApp;
  let db: Client;
  const recorded: { sql: string; params: unknown[] }[] = [];
  let fixtures: { product: string; category: string; renter: string; email: string; conversation?: string };

  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'false', EVENTS_RELAY_INTERVAL_MS: '0' });
    db = new Client({ connectionString: t.database.url });
    await db.connect();
    await generateMarketplace(db, SCALE, 'explain-test', undefined, 4);
    const one = async (sql: string) => (await db.query(sql)).rows[0];
    const conversation = await one(
      `SELECT id, renter_id FROM messaging.conversations ORDER BY id LIMIT 1`,
    ).catch(() => undefined);
    const renter =
      conversation?.renter_id ??
      (await one(`SELECT id FROM identity.users WHERE email LIKE 'renter%' LIMIT 1`)).id;
    fixtures = {
      product: (
        await one(
          `SELECT id FROM catalog.products WHERE status = 'active' AND deleted_at IS NULL AND min_days <= 2 ORDER BY id LIMIT 1`,
        )
      ).id,
      category: (await one(`SELECT id FROM catalog.categories WHERE parent_id IS NULL ORDER BY slug LIMIT 1`))
        .id,
      renter,
      email: (await one(`SELECT email FROM identity.users WHERE id = '${renter}'`)).email,
      conversation: conversation?.id,
    };
    recordStatements(t, recorded);
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('EXPLAINs every statement of search, detail, availability, booking, login and message list', async () => {
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const auth = { Authorization: `Bearer ${accessTokenFor(t, fixtures.renter)}` };
    const calls = [
      t.http.get(
        `/api/v1/products?q=drill&categoryId=${fixtures.category}&minPrice=500&maxPrice=8000&currency=EUR&near=48.8566,2.3522&radiusKm=25`,
      ),
      t.http.get('/api/v1/products?q=tent'),
      t.http.get('/api/v1/products?sort=price_asc&minPrice=1000&maxPrice=2000&currency=EUR'),
      t.http.get(
        `/api/v1/products?availableFrom=${day(30)}&availableTo=${day(33)}&near=52.52,13.405&radiusKm=10`,
      ),
      t.http.get(`/api/v1/products/${fixtures.product}`),
      t.http
        .post('/api/v1/availability')
        .send({ productId: fixtures.product, startDate: day(40), endDate: day(42) }),
      t.http
        .post('/api/v1/rentals')
        .set(auth)
        .set('Idempotency-Key', 'explain-test-booking-1')
        .send({ productId: fixtures.product, startDate: day(500), endDate: day(502) }),
      t.http.post('/api/v1/auth/login').send({ email: fixtures.email, password: BENCH_PASSWORD }),
    ];
    if (fixtures.conversation)
      calls.push(t.http.get(`/api/v1/messaging/conversations/${fixtures.conversation}/messages`).set(auth));
    for (const call of calls) expect([200, 201]).toContain((await call).status);

    const statements = recorded.filter(
      ({ sql }) =>
        /^\s*(SELECT|WITH|UPDATE|DELETE)\b/i.test(sql) &&
        !/pg_advisory|set_config|current_setting/i.test(sql),
    );
    expect(statements.length).toBeGreaterThan(10);
    // Each path's own statements were seen, whichever way they went out (TypeORM or the driver's
    // pool, plain-reads.ts): a path that stops reporting them must not quietly leave this test.
    const seen = (pattern: RegExp) => statements.some(({ sql }) => pattern.test(sql));
    expect({
      search: seen(/FROM catalog\.products p\b[\s\S]*search_vector/),
      detail: seen(/json_agg[\s\S]*catalog\.product_images/),
      availability: seen(/FROM rental\.holds/),
      owners: seen(/FROM identity\.users u LEFT JOIN identity\.profiles/),
      messages: !fixtures.conversation || seen(/FROM messaging\.messages/),
    }).toEqual({ search: true, detail: true, availability: true, owners: true, messages: true });
    const sizes = new Map<string, number>(
      (
        await db.query(
          `SELECT n.nspname || '.' || c.relname AS name, c.reltuples::bigint AS rows FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = ANY($1)`,
          [CONTEXT_SCHEMAS],
        )
      ).rows.map((r) => [r.name, Number(r.rows)]),
    );
    await db.query('SET enable_seqscan = off');
    const violations: string[] = [];
    for (const { sql, params } of statements) {
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = (await db.query(`EXPLAIN (FORMAT JSON, VERBOSE) ${sql}`, params)).rows;
      for (const table of seqScans(plan.Plan))
        if ((sizes.get(table) ?? 0) > BIG_TABLE_ROWS)
          violations.push(
            `Seq Scan on ${table} (${sizes.get(table)} rows) in: ${sql.replace(/\s+/g, ' ').slice(0, 200)}`,
          );
    }
    expect(violations).toEqual([]);
  });
});
