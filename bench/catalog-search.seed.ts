/**
 * Realistic bulk products for the search benchmark and the EXPLAIN test, generated inside
 * PostgreSQL in one INSERT ... SELECT generate_series per table: titles from a vocabulary of
 * things people rent, tags, prices spread over 3-150 EUR a day (a few in GBP/CHF), 90% active,
 * 3% deleted, pickup points scattered around 16 European cities, a cover image each. Every value,
 * ids included, follows from the seed and the number of products already there: the same call on
 * the same database gives the same rows.
 */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

const THINGS = [
  'drill',
  'ladder',
  'tent',
  'kayak',
  'projector',
  'camera',
  'speaker',
  'bike',
  'stroller',
  'saw',
  'lawn mower',
  'pressure washer',
  'sleeping bag',
  'paddle board',
  'drone',
  'tripod',
  'microphone',
  'snowboard',
  'skis',
  'surfboard',
  'car seat',
  'crib',
  'high chair',
  'trailer',
  'roof box',
  'scooter',
  'sander',
  'angle grinder',
  'hedge trimmer',
  'leaf blower',
  'barbecue',
  'party tent',
  'disco ball',
  'karaoke machine',
  'guitar amp',
  'keyboard',
  'telescope',
  'binoculars',
  'fishing rod',
  'canoe',
  'climbing rope',
  'backpack',
  'camping stove',
  'cooler box',
  'gazebo',
  'folding table',
  'chairs set',
  'wet vacuum',
  'carpet cleaner',
  'tile cutter',
];
const ADJECTIVES = [
  'cordless',
  'heavy duty',
  'compact',
  'professional',
  'inflatable',
  'electric',
  'vintage',
  'foldable',
  'waterproof',
  'portable',
  'lightweight',
  'family',
  'wireless',
  'large',
  'small',
  '4K',
];
const BRANDS = [
  'Makita',
  'Bosch',
  'DeWalt',
  'Canon',
  'Sony',
  'Nikon',
  'JBL',
  'Decathlon',
  'Thule',
  'Stihl',
  'Karcher',
  'GoPro',
  'DJI',
  'Coleman',
  'Weber',
  'Yamaha',
  'Fender',
  'Bugaboo',
  'Trek',
  'Salomon',
];
const CITIES: [string, string, number, number][] = [
  ['Lisbon', 'PT', 38.7223, -9.1393],
  ['Porto', 'PT', 41.1579, -8.6291],
  ['Madrid', 'ES', 40.4168, -3.7038],
  ['Barcelona', 'ES', 41.3874, 2.1686],
  ['Paris', 'FR', 48.8566, 2.3522],
  ['Lyon', 'FR', 45.764, 4.8357],
  ['Berlin', 'DE', 52.52, 13.405],
  ['Munich', 'DE', 48.1351, 11.582],
  ['Amsterdam', 'NL', 52.3676, 4.9041],
  ['Brussels', 'BE', 50.8503, 4.3517],
  ['Milan', 'IT', 45.4642, 9.19],
  ['Rome', 'IT', 41.9028, 12.4964],
  ['Vienna', 'AT', 48.2082, 16.3738],
  ['Warsaw', 'PL', 52.2297, 21.0122],
  ['Copenhagen', 'DK', 55.6761, 12.5683],
  ['Dublin', 'IE', 53.3498, -6.2603],
];
const CONDITIONS = ['new', 'like_new', 'good', 'good', 'fair', 'worn'];
/** A version-4-shaped uuid from the md5 of a text (the API takes any 8-4-4-4-12 form; this one looks random). */
const uuidOf = (text: string) =>
  `overlay(overlay(md5(${text}) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid`;

/** Adds `count` products owned by `ownerIds` in `categoryIds`; returns nothing, the rows are in the tables. */
export async function seedBulkProducts(
  db: Queryable,
  count: number,
  ownerIds: string[],
  categoryIds: string[],
  seed = 0.42,
): Promise<void> {
  await db.query('SELECT setseed($1)', [seed]);
  await db.query(
    `WITH source AS (
       SELECT g, (SELECT count(*) FROM catalog.products) + g AS n,
         $2::text[] AS things, $3::text[] AS adjectives, $4::text[] AS brands,
         (random() * 1000000)::int AS r1, (random() * 1000000)::int AS r2, (random() * 1000000)::int AS r3,
         random() AS r4, random() AS r5, random() AS r6, random() AS r7
       FROM generate_series(1, $1::int) AS g
     ), shaped AS (
       SELECT s.*,
         s.things[1 + s.r1 % array_length(s.things, 1)] AS thing,
         s.adjectives[1 + s.r2 % array_length(s.adjectives, 1)] AS adjective,
         s.brands[1 + s.r3 % array_length(s.brands, 1)] AS brand,
         1 + (s.r1 / 13) % $7::int AS city
       FROM source s
     )
     INSERT INTO catalog.products (id, owner_id, category_id, title, description, tag_names, specifications,
       condition, city, country, latitude, longitude, daily_price, weekly_price, deposit, currency,
       min_days, max_days, lead_time_days, buffer_days, status, listed_at, deleted_at, created_at, updated_at)
     SELECT ${uuidOf(`'bench-product:' || $13::text || ':' || n`)},
       ($5::uuid[])[1 + g % array_length($5::uuid[], 1)],
       ($6::uuid[])[1 + (s.r1 / 7) % array_length($6::uuid[], 1)],
       initcap(adjective) || ' ' || thing || ' ' || brand,
       'A ' || adjective || ' ' || thing || ' by ' || brand || ', well looked after. Pick it up in ' ||
         ($8::text[])[city] || '; ask me anything about it before you rent.',
       ARRAY[lower(brand), thing, adjective],
       jsonb_build_object('brand', brand),
       ($9::text[])[1 + s.r3 % 6],
       ($8::text[])[city], ($10::text[])[city],
       ($11::float8[])[city] + (r4 - 0.5) * 0.4, ($12::float8[])[city] + (r5 - 0.5) * 0.6,
       300 + (r6 * r6 * 14700)::int,
       CASE WHEN r7 < 0.3 THEN (300 + (r6 * r6 * 14700)::int) * 5 END,
       (r7 * 20)::int * 1000,
       CASE WHEN r7 < 0.05 THEN 'GBP' WHEN r7 < 0.08 THEN 'CHF' ELSE 'EUR' END,
       1 + (r1 % 3), 14 + (r2 % 30), r3 % 3, r1 % 2,
       CASE WHEN r4 < 0.05 THEN 'draft' WHEN r4 < 0.10 THEN 'paused' ELSE 'active' END,
       now() - interval '400 days' * r5,
       CASE WHEN r5 < 0.03 THEN now() END,
       now() - interval '400 days' * r5 + interval '1 second' * g, now()
     FROM shaped s`,
    [
      count,
      THINGS,
      ADJECTIVES,
      BRANDS,
      ownerIds,
      categoryIds,
      CITIES.length,
      CITIES.map((c) => c[0]),
      CONDITIONS,
      CITIES.map((c) => c[1]),
      CITIES.map((c) => c[2]),
      CITIES.map((c) => c[3]),
      seed,
    ],
  );
  // Tags and their links, for the products that have none yet (this batch).
  await db.query(`
    INSERT INTO catalog.tags (id, name, name_key)
    SELECT ${uuidOf(`'bench-tag:' || lower(n)`)}, n, lower(n) FROM (SELECT DISTINCT unnest(tag_names) AS n FROM catalog.products) x
    ON CONFLICT (name_key) DO NOTHING`);
  await db.query(`
    INSERT INTO catalog.product_tags (product_id, tag_id)
    SELECT p.id, t.id FROM catalog.products p CROSS JOIN LATERAL unnest(p.tag_names) AS n
    JOIN catalog.tags t ON t.name_key = lower(n)
    WHERE NOT EXISTS (SELECT 1 FROM catalog.product_tags pt WHERE pt.product_id = p.id)
    ON CONFLICT DO NOTHING`);
  await db.query(`
    INSERT INTO catalog.product_images (id, product_id, position, url, alt)
    SELECT ${uuidOf(`'bench-image:' || p.id`)}, p.id, 0, 'https://images.onesociety.dev/products/' || p.id || '.jpg', p.title
    FROM catalog.products p WHERE NOT EXISTS (SELECT 1 FROM catalog.product_images i WHERE i.product_id = p.id)`);
}

/**
 * What autovacuum does after a bulk load, done at once: fresh statistics for the planner, and the
 * GIN indexes' own statistics (kept in their metapage, refreshed only by VACUUM). Cannot run
 * inside a transaction.
 */
export async function vacuumAnalyzeCatalog(db: Queryable): Promise<void> {
  for (const table of ['products', 'product_tags', 'tags', 'product_images'])
    await db.query(`VACUUM (ANALYZE) catalog.${table}`);
}
