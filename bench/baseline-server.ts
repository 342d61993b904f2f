/**
 * The raw baseline: node:http + pg, no framework, no ORM, no validation library. It serves product
 * search, product detail and the availability check with the same SQL the app sends (search uses
 * catalog's own SQL builder, so the database does identical work) and answers the same JSON
 * shapes, so the difference to the app is what the framework, ORM, validation and serialisation
 * cost. Run: DATABASE_URL=… PORT=… node dist/bench/bench/baseline-server.js
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import type { PoolClient } from 'pg';
import { SearchSql } from '../src/modules/catalog/application/product-search.sql';
import type { SearchInput, SearchSort } from '../src/modules/catalog/domain/search-rules';
import { planSearch } from '../src/modules/catalog/domain/search-rules';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  application_name: 'onesociety-baseline',
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw rows

/**
 * The product columns the app reads: every one but `search_vector` (its entity never selects it),
 * taken from the catalogue at start, as the app takes its list from the entity metadata. `p.*`
 * would make the baseline carry a tsvector per row that the app never asks for.
 */
let productColumns = '';
async function loadProductColumns(): Promise<void> {
  const { rows } = await pool.query(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = 'catalog' AND table_name = 'products' AND column_name <> 'search_vector'
     ORDER BY ordinal_position`,
  );
  productColumns = rows.map((r) => `p."${r.column_name}"`).join(', ');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function readJson(req: IncomingMessage): Promise<Row> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function activeOwners(db: Pool | PoolClient, ids: string[]): Promise<Row[]> {
  const { rows } = await db.query(
    `SELECT u.id, u.created_at, p.display_name, p.avatar_url, p.city, p.country
     FROM identity.users u LEFT JOIN identity.profiles p ON p.user_id = u.id
     WHERE u.id = ANY($1::uuid[]) AND u.status = 'active'`,
    [[...new Set(ids)]],
  );
  return rows;
}

async function recordOwners(db: Pool | PoolClient, active: string[], inactive: string[]): Promise<void> {
  if (active.length > 0)
    await db.query(
      'UPDATE catalog.products SET owner_active = true WHERE owner_id = ANY($1::uuid[]) AND NOT owner_active',
      [active],
    );
  if (inactive.length > 0)
    await db.query(
      'UPDATE catalog.products SET owner_active = false WHERE owner_id = ANY($1::uuid[]) AND owner_active',
      [inactive],
    );
}

async function search(url: URL, res: ServerResponse): Promise<void> {
  const q = url.searchParams;
  const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined);
  const input: SearchInput = {
    q: q.get('q') ?? undefined,
    categoryId: q.get('categoryId') ?? undefined,
    minPrice: num('minPrice'),
    maxPrice: num('maxPrice'),
    currency: q.get('currency') ?? undefined,
    near: q.get('near') ?? undefined,
    radiusKm: num('radiusKm'),
    availableFrom: q.get('availableFrom') ?? undefined,
    availableTo: q.get('availableTo') ?? undefined,
    sort: (q.get('sort') as SearchSort) ?? undefined,
  };
  const page = num('page') ?? 1;
  const limit = num('limit') ?? 20;
  const today = new Date().toISOString().slice(0, 10);
  const planned = planSearch(input, undefined, today);
  if ('errors' in planned) return send(res, 422, { errors: planned.errors });
  let categoryIds: string[] | null = null;
  if (input.categoryId) {
    const { rows } = await pool.query(
      `WITH RECURSIVE sub AS (
         SELECT id, 0 AS depth FROM catalog.categories WHERE id = $1
         UNION ALL
         SELECT c.id, sub.depth + 1 FROM catalog.categories c JOIN sub ON c.parent_id = sub.id WHERE sub.depth < 50
       ) SELECT id FROM sub`,
      [input.categoryId],
    );
    categoryIds = rows.map((r) => r.id);
  }
  const run = async (sql: SearchSql) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await client.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, ['0.4']);
      const p = sql.page(limit, (page - 1) * limit);
      const { rows } = await client.query(p.sql, p.params);
      let total = rows.length;
      if (!(page === 1 && rows.length < limit)) {
        const c = sql.count();
        total = (await client.query(c.sql, c.params)).rows[0].total;
      }
      await client.query('COMMIT');
      return { rows, total };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  let { rows, total } = await run(new SearchSql(input, planned.plan, categoryIds, today));
  if (total === 0 && input.q)
    ({ rows, total } = await run(new SearchSql(input, planned.plan, categoryIds, today, 'fuzzy')));
  const owners = rows.map((r) => r.owner_id);
  if (owners.length > 0) {
    const active = new Set((await activeOwners(pool, owners)).map((o) => o.id));
    await recordOwners(
      pool,
      [...active],
      [...new Set(owners)].filter((id) => !active.has(id)),
    );
  }
  send(res, 200, {
    items: rows.map((r) => ({
      id: r.id,
      ownerId: r.owner_id,
      title: r.title,
      category: { id: r.category_id, name: r.category_name, slug: r.category_slug },
      tags: r.tag_names,
      coverImage: r.cover_url ? { url: r.cover_url, alt: r.cover_alt } : null,
      condition: r.condition,
      address: { city: r.city, country: r.country, lat: r.latitude, lng: r.longitude },
      pricing: {
        dailyPrice: r.daily_price,
        weeklyPrice: r.weekly_price,
        deposit: r.deposit,
        currency: r.currency,
      },
      rules: {
        minDays: r.min_days,
        maxDays: r.max_days,
        leadTimeDays: r.lead_time_days,
        bufferDays: r.buffer_days,
      },
      status: r.status,
      rating: { average: r.rating_average, count: r.rating_count },
      distanceKm: r.distance_km,
      createdAt: r.created_at,
    })),
    page,
    limit,
    total,
  });
}

async function detail(id: string, res: ServerResponse): Promise<void> {
  if (!UUID.test(id)) return send(res, 400, { title: 'Bad id' });
  // The app's statement (catalog's ProductReader): product, category and images at once.
  const product = (
    await pool.query(
      `SELECT ${productColumns}, json_build_object('id', c.id, 'name', c.name, 'slug', c.slug) AS category,
              COALESCE((SELECT json_agg(json_build_object('url', i.url, 'alt', i.alt, 'position', i.position)
                                        ORDER BY i.position)
                        FROM catalog.product_images i WHERE i.product_id = p.id), '[]') AS images
       FROM catalog.products p JOIN catalog.categories c ON c.id = p.category_id
       WHERE p.id = $1`,
      [id],
    )
  ).rows[0];
  if (!product || product.deleted_at !== null || product.status !== 'active')
    return send(res, 404, { title: 'Not found' });
  const [owner] = await activeOwners(pool, [product.owner_id]);
  if (Boolean(owner) !== product.owner_active)
    await recordOwners(pool, owner ? [product.owner_id] : [], owner ? [] : [product.owner_id]);
  if (!owner) return send(res, 404, { title: 'Not found' });
  const { category, images } = product;
  send(res, 200, {
    id: product.id,
    owner: { id: owner.id, displayName: owner.display_name, avatarUrl: owner.avatar_url, city: owner.city },
    title: product.title,
    description: product.description,
    category: { id: category.id, name: category.name, slug: category.slug },
    tags: product.tag_names,
    specifications: product.specifications,
    images: images.map((i: Row) => ({ url: i.url, alt: i.alt, position: i.position })),
    condition: product.condition,
    address: { city: product.city, country: product.country, lat: product.latitude, lng: product.longitude },
    pricing: {
      dailyPrice: product.daily_price,
      weeklyPrice: product.weekly_price,
      deposit: product.deposit,
      currency: product.currency,
    },
    rules: {
      minDays: product.min_days,
      maxDays: product.max_days,
      leadTimeDays: product.lead_time_days,
      bufferDays: product.buffer_days,
    },
    status: product.status,
    rating: { average: product.rating_average, count: product.rating_count },
    createdAt: product.created_at,
    updatedAt: product.updated_at,
  });
}

const dayMs = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * dayMs).toISOString().slice(0, 10);

async function availability(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  const { productId, startDate, endDate } = body;
  if (!UUID.test(productId) || !DATE.test(startDate) || !DATE.test(endDate) || endDate <= startDate)
    return send(res, 422, { title: 'Invalid stay' });
  const product = (
    await pool.query(`SELECT ${productColumns} FROM catalog.products p WHERE p.id = ANY($1::uuid[])`, [
      [productId],
    ])
  ).rows[0];
  if (!product || product.deleted_at !== null) return send(res, 404, { title: 'Not found' });
  const [owner] = await activeOwners(pool, [product.owner_id]);
  if (product.status !== 'active' || !owner) return send(res, 409, { title: 'Not rentable' });
  const days = Math.round((Date.parse(endDate) - Date.parse(startDate)) / dayMs);
  if (days < product.min_days || days > product.max_days) return send(res, 422, { title: 'Invalid stay' });
  const weeks = Math.floor(days / 7);
  const subtotal =
    product.weekly_price !== null
      ? weeks * product.weekly_price + (days - weeks * 7) * product.daily_price
      : days * product.daily_price;
  const platformFee = Math.floor((subtotal * 1000 + 5000) / 10000);
  const { rows } = await pool.query(
    `SELECT to_char(lower(period), 'YYYY-MM-DD') AS start_date, to_char(upper(period), 'YYYY-MM-DD') AS end_date,
            CASE WHEN rental_id IS NULL THEN 'blocked' ELSE 'booked' END AS kind
     FROM rental.holds
     WHERE product_id = $1 AND period && daterange($2::date, $3::date, '[)')
     ORDER BY lower(period)`,
    [productId, startDate, addDays(endDate, product.buffer_days)],
  );
  send(res, 200, {
    available: rows.length === 0,
    conflicts: rows.map((r) => ({ startDate: r.start_date, endDate: r.end_date })),
    quote: {
      currency: product.currency,
      days,
      subtotal,
      platformFee,
      deposit: product.deposit,
      total: subtotal + platformFee + product.deposit,
    },
  });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://baseline');
  const route = async () => {
    if (req.method === 'GET' && url.pathname === '/api/v1/products') return search(url, res);
    if (req.method === 'GET' && url.pathname.startsWith('/api/v1/products/'))
      return detail(url.pathname.slice('/api/v1/products/'.length), res);
    if (req.method === 'POST' && url.pathname === '/api/v1/availability') return availability(req, res);
    if (url.pathname === '/health/ready' || url.pathname === '/health/live')
      return send(res, 200, { status: 'ok' });
    send(res, 404, { title: 'Not found' });
  };
  route().catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { title: 'Internal error' });
  });
});
server.keepAliveTimeout = 72_000;
loadProductColumns().then(
  () => server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
const stop = () => {
  server.close(() => pool.end().then(() => process.exit(0)));
  server.closeAllConnections(); // keep-alive clients would otherwise go on sending requests
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
