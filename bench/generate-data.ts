/**
 * The marketplace data set for the benchmarks: users with profiles, a category tree, products with
 * addresses (the catalog bench's generator), rentals over two years, conversations with messages
 * and product reviews. Generated inside PostgreSQL (INSERT … SELECT generate_series), every value
 * derived from the seed through md5 (or PostgreSQL's random() after setseed), so the same seed gives
 * the same rows, ids included.
 */
import bcrypt from 'bcryptjs';
import type { Client } from 'pg';
import { seedBulkProducts } from './catalog-search.seed';

export interface Scale {
  users: number;
  products: number;
  rentals: number;
  messages: number;
  reviews: number;
}

export const FULL: Scale = {
  users: 10_000,
  products: 100_000,
  rentals: 1_000_000,
  messages: 1_000_000,
  reviews: 200_000,
};
/** Same density per product (10 rentals, ~1 conversation each), a hundredth of the rows. */
export const SMALL: Scale = {
  users: 1_000,
  products: 1_000,
  rentals: 10_000,
  messages: 10_000,
  reviews: 2_000,
};

export const BENCH_PASSWORD = 'bench-Password-1';
export const MESSAGES_PER_CONVERSATION = 10;
const ROOTS = ['Tools', 'Outdoors', 'Photo and video', 'Music', 'Events', 'Kids', 'Sports', 'Home'];
const CHILDREN = ['Power', 'Hand', 'Garden', 'Travel', 'Pro', 'Everyday'];

export interface GenerationReport {
  counts: Record<string, number>;
  seconds: Record<string, number>;
  skipped: string[];
}

/** Fills an empty, migrated database. `log` receives one line per step. */
export async function generateMarketplace(
  db: Client,
  scale: Scale,
  seed: string,
  log: (line: string) => void = () => undefined,
  bcryptCost = 12,
): Promise<GenerationReport> {
  const report: GenerationReport = { counts: {}, seconds: {}, skipped: [] };
  const step = async (name: string, work: () => Promise<unknown>) => {
    const started = Date.now();
    await work();
    report.seconds[name] = (Date.now() - started) / 1000;
    log(`${name}: ${report.seconds[name].toFixed(1)} s`);
  };
  await db.query('SET statement_timeout = 0');
  // h(text) → 0..2^31-1, a stable pseudo-random number; u(text) → a stable uuid.
  await db.query(`CREATE OR REPLACE FUNCTION pg_temp.h(t text) RETURNS int LANGUAGE sql IMMUTABLE
    AS $$ SELECT (('x' || substr(md5(t), 1, 8))::bit(32)::int) & 2147483647 $$`);
  // Shaped as version-4 UUIDs (version and variant digits set), as random ids are; the API takes any
  // 8-4-4-4-12 form (src/platform/http/uuid.ts), the shape only keeps earlier generations' ids.
  await db.query(`CREATE OR REPLACE FUNCTION pg_temp.u(t text) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT overlay(overlay(md5(t) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`);

  await step('users', () => insertUsers(db, scale.users, seed, bcrypt.hashSync(BENCH_PASSWORD, bcryptCost)));
  const categoryIds = await insertCategories(db, seed);
  const ownerIds: string[] = (
    await db.query(`SELECT id FROM identity.users WHERE email LIKE 'owner%' ORDER BY email`)
  ).rows.map((r: { id: string }) => r.id);
  if (await tableExists(db, 'payment.connected_accounts'))
    await step('payout accounts', () => insertPayoutAccounts(db, scale.users, seed));
  else report.skipped.push('payout accounts (no payment.connected_accounts table)');
  await step('products', () => seedBulkProducts(db, scale.products, ownerIds, categoryIds, seedNumber(seed)));
  await step('rentals', () => insertRentals(db, scale, seed));
  if (await tableExists(db, 'messaging.messages'))
    await step('messages', () => insertMessages(db, scale, seed));
  else report.skipped.push('messages (no messaging.messages table)');
  if (await tableExists(db, 'review.product_reviews'))
    await step('reviews', () => insertReviews(db, scale, seed));
  else report.skipped.push('reviews (no review.product_reviews table)');
  await step('vacuum analyze', () => db.query('VACUUM (ANALYZE)'));

  for (const table of [
    'identity.users',
    'catalog.categories',
    'catalog.products',
    'rental.rentals',
    'rental.holds',
    'messaging.conversations',
    'messaging.messages',
    'review.product_reviews',
  ])
    if (await tableExists(db, table))
      report.counts[table] = Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  return report;
}

export async function tableExists(db: Client, table: string): Promise<boolean> {
  return (await db.query('SELECT to_regclass($1) IS NOT NULL AS ok', [table])).rows[0].ok;
}

const seedNumber = (seed: string) =>
  (parseInt(seed.replace(/\D/g, '').slice(0, 6) || '42', 10) % 1000) / 1000;

/** A tenth of the users own products ("owner…"), the rest rent ("renter…"); one shared password. */
async function insertUsers(db: Client, count: number, seed: string, passwordHash: string): Promise<void> {
  const owners = Math.max(1, Math.floor(count / 10));
  await db.query(
    // Verified addresses: booking refuses an unverified renter (IDENTITY_REQUIRE_VERIFIED_EMAIL).
    `INSERT INTO identity.users (id, email, password_hash, role, status, created_at, updated_at, email_verified_at)
     SELECT pg_temp.u($1 || ':user:' || g),
            CASE WHEN g <= $3 THEN 'owner' ELSE 'renter' END || lpad(g::text, 6, '0') || '@bench.onesociety.dev',
            $4, 'user', 'active', now() - interval '1 day' * (pg_temp.h($1 || ':uc:' || g) % 700), now(),
            now() - interval '1 day' * (pg_temp.h($1 || ':uc:' || g) % 700)
     FROM generate_series(1, $2::int) g`,
    [seed, count, owners, passwordHash],
  );
  await db.query(
    `INSERT INTO identity.profiles (user_id, full_name, display_name, city, country)
     SELECT u.id, 'Bench Person ' || substr(u.email, 1, position('@' IN u.email) - 1),
            'Bench', (ARRAY['Lisbon','Paris','Berlin','Madrid','Rome'])[1 + pg_temp.h(u.email) % 5],
            (ARRAY['PT','FR','DE','ES','IT'])[1 + pg_temp.h(u.email) % 5]
     FROM identity.users u WHERE u.email LIKE '%@bench.onesociety.dev'`,
  );
}

/**
 * Every owner has finished payout onboarding: in production (PAYOUTS_REQUIRE_ONBOARDING defaults
 * on) a listing of an owner without it refuses bookings. The gateway account is only used for
 * payouts, which the bench never reaches.
 */
async function insertPayoutAccounts(db: Client, users: number, seed: string): Promise<void> {
  await db.query(
    `INSERT INTO payment.connected_accounts (user_id, gateway_account_id, details_submitted, charges_enabled,
       payouts_enabled, state_observed_at)
     SELECT pg_temp.u($1 || ':user:' || g), 'acct_bench_' || g, true, true, true, now()
     FROM generate_series(1, $2::int) g`,
    [seed, Math.max(1, Math.floor(users / 10))],
  );
}

/** Eight roots with six children each; products go into the children. Returns the leaves' ids. */
async function insertCategories(db: Client, seed: string): Promise<string[]> {
  const leaves: string[] = [];
  for (const root of ROOTS) {
    const rootSlug = slug(root);
    const rootId = (
      await db.query(
        `INSERT INTO catalog.categories (id, parent_id, name, name_key, slug) VALUES (pg_temp.u($1), NULL, $2, lower($2), $3)
         RETURNING id`,
        [`${seed}:cat:${rootSlug}`, root, rootSlug],
      )
    ).rows[0].id;
    for (const child of CHILDREN) {
      const name = `${child} ${root.toLowerCase()}`;
      const childSlug = slug(name);
      leaves.push(
        (
          await db.query(
            `INSERT INTO catalog.categories (id, parent_id, name, name_key, slug) VALUES (pg_temp.u($1), $2, $3, lower($3), $4)
             RETURNING id`,
            [`${seed}:cat:${childSlug}`, rootId, name, childSlug],
          )
        ).rows[0].id,
      );
    }
  }
  return leaves;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * About `rentals / products` rentals per product, one in each equal slot of the two years around today
 * (a year back, a year ahead), so no two of a product's rentals overlap: past ones completed,
 * cancelled, declined or expired; current ones active; future ones requested or accepted (these
 * hold their dates). The hold trigger is paused for the bulk load and the holds, and catalog's
 * projection of them, are written in one statement each.
 */
async function insertRentals(db: Client, scale: Scale, seed: string): Promise<void> {
  // Deleted products get none: spread the total over the others, and stop at exactly `rentals`.
  const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM catalog.products WHERE deleted_at IS NULL'))
    .rows;
  const perProduct = Math.max(1, Math.ceil(scale.rentals / n));
  const slot = Math.floor(730 / perProduct);
  await db.query('BEGIN');
  await db.query('ALTER TABLE rental.rentals DISABLE TRIGGER trg_rentals_sync_hold');
  await db.query(
    `CREATE TEMP TABLE bench_renters ON COMMIT DROP AS
     SELECT row_number() OVER (ORDER BY email)::int AS rn, id FROM identity.users WHERE email LIKE 'renter%'`,
  );
  await db.query('ALTER TABLE bench_renters ADD PRIMARY KEY (rn)');
  await db.query('ANALYZE bench_renters');
  // Renters come from the renter accounts and products belong to owner accounts: never the same person.
  await db.query(
    `WITH p AS (
       SELECT id, owner_id, daily_price, deposit, currency, buffer_days,
              row_number() OVER (ORDER BY created_at, id) AS k
       FROM catalog.products WHERE deleted_at IS NULL
     ),
     drawn AS (
       SELECT p.*, j, pg_temp.h($1 || ':r1:' || k || ':' || j) AS h1, pg_temp.h($1 || ':r2:' || k || ':' || j) AS h2,
              pg_temp.h($1 || ':r3:' || k || ':' || j) AS h3, pg_temp.h($1 || ':r4:' || k || ':' || j) AS h4
       FROM p CROSS JOIN generate_series(0, $2::int - 1) j
     ),
     stays AS (
       SELECT d.*, (current_date - 365 + j * $3::int + h1 % ($3::int - 9))::date AS start_date,
              1 + h2 % 7 AS days, br.id AS renter_id
       FROM drawn d JOIN bench_renters br ON br.rn = 1 + d.h3 % (SELECT count(*) FROM bench_renters)
     ),
     shaped AS (
       SELECT s.*, (s.start_date + s.days)::date AS end_date,
              CASE
                WHEN s.start_date + s.days <= current_date THEN
                  CASE WHEN h4 % 100 < 75 THEN 'completed' WHEN h4 % 100 < 88 THEN 'cancelled'
                       WHEN h4 % 100 < 96 THEN 'declined' ELSE 'expired' END
                WHEN s.start_date <= current_date THEN 'active'
                WHEN h4 % 100 < 40 THEN 'requested' ELSE 'accepted'
              END AS status,
              s.daily_price::bigint * s.days AS subtotal
       FROM stays s
     ),
     timed AS (
       SELECT sh.*, CASE WHEN status = 'requested' THEN now() - interval '1 hour' * (h1 % 24)
                         ELSE start_date - interval '1 day' * (1 + h2 % 30) END AS created
       FROM shaped sh
     )
     INSERT INTO rental.rentals (id, product_id, renter_id, owner_id, start_date, end_date, buffer_days, period,
       status, notes, currency, rental_days, subtotal, platform_fee, deposit, total, respond_by, returned_at,
       completed_at, cancelled_by, cancellation_policy, cancellation_refund, version, created_at, updated_at)
     SELECT pg_temp.u($1 || ':rental:' || k || ':' || j), id, renter_id, owner_id, start_date, end_date, buffer_days,
            daterange(start_date, end_date + buffer_days, '[)'), status, NULL, currency, days, subtotal,
            subtotal / 10, deposit, subtotal + subtotal / 10 + deposit, created + interval '48 hours',
            CASE WHEN status = 'completed' THEN end_date::timestamptz END,
            CASE WHEN status = 'completed' THEN end_date::timestamptz + interval '2 days' END,
            CASE WHEN status = 'cancelled' THEN (CASE WHEN h3 % 2 = 0 THEN 'renter' ELSE 'owner' END) END,
            'flexible', CASE WHEN status = 'cancelled' THEN subtotal + subtotal / 10 END,
            1, created, created
     FROM timed WHERE (k - 1) * $2::int + j < $4::int`,
    [seed, perProduct, slot, scale.rentals],
  );
  await db.query('ALTER TABLE rental.rentals ENABLE TRIGGER trg_rentals_sync_hold');
  await db.query(
    `INSERT INTO rental.holds (id, product_id, period, rental_id)
     SELECT id, product_id, period, id FROM rental.rentals WHERE status IN ('requested', 'accepted', 'active')`,
  );
  await db.query(
    `INSERT INTO catalog.product_bookings (rental_id, product_id, period, status, last_event_at)
     SELECT id, product_id, period, status, created_at FROM rental.rentals
     WHERE status IN ('requested', 'accepted', 'active')`,
  );
  await db.query('COMMIT');
}

/** One conversation per rental for the first rentals (by id), ten messages each, both sides talking. */
async function insertMessages(db: Client, scale: Scale, seed: string): Promise<void> {
  const conversations = Math.ceil(scale.messages / MESSAGES_PER_CONVERSATION);
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO messaging.conversations (id, product_id, rental_id, renter_id, owner_id, last_message_at, created_at, updated_at)
     SELECT pg_temp.u($1 || ':conv:' || r.id), r.product_id, r.id, r.renter_id, r.owner_id,
            r.created_at + interval '37 minutes' * ($3::int - 1), r.created_at, r.created_at
     FROM (SELECT * FROM rental.rentals ORDER BY id LIMIT $2) r`,
    [seed, conversations, MESSAGES_PER_CONVERSATION],
  );
  await db.query(
    `INSERT INTO messaging.conversation_participants (conversation_id, user_id, role, created_at)
     SELECT id, renter_id, 'renter', created_at FROM messaging.conversations
     UNION ALL SELECT id, owner_id, 'owner', created_at FROM messaging.conversations`,
  );
  await db.query(
    `INSERT INTO messaging.messages (id, conversation_id, sender_id, type, body, created_at)
     SELECT pg_temp.u($1 || ':msg:' || c.id || ':' || i), c.id,
            CASE WHEN i % 2 = 0 THEN c.renter_id ELSE c.owner_id END, 'text',
            (ARRAY['Hi! Is it still available for these dates?', 'Yes, it is. When would you pick it up?',
                   'Around 6 pm if that works for you.', 'Perfect, see you then.',
                   'Does it come with the charger?', 'It does, and a spare battery.',
                   'Great, thanks!', 'Returned it, thanks a lot.', 'Thank you, all good.',
                   'Would rent again.'])[1 + i], c.created_at + interval '37 minutes' * i
     FROM messaging.conversations c CROSS JOIN generate_series(0, $2::int - 1) i`,
    [seed, MESSAGES_PER_CONVERSATION],
  );
  await db.query('COMMIT');
}

/** Verified product reviews of completed rentals; ratings lean high, as on real marketplaces. */
async function insertReviews(db: Client, scale: Scale, seed: string): Promise<void> {
  await db.query(
    `INSERT INTO review.product_reviews (id, product_id, rental_id, reviewer_id, rating, title, body, verified, created_at, updated_at)
     SELECT pg_temp.u($1 || ':review:' || r.id), r.product_id, r.id, r.renter_id,
            (ARRAY[1, 2, 3, 4, 4, 5, 5, 5, 5, 5])[1 + pg_temp.h($1 || ':stars:' || r.id) % 10], NULL,
            'Worked as described, easy pick-up.', true, r.completed_at, r.completed_at
     FROM (SELECT * FROM rental.rentals WHERE status = 'completed' ORDER BY id LIMIT $2) r`,
    [seed, scale.reviews],
  );
  if (await tableExists(db, 'review.product_rating_stats'))
    await db.query(
      `INSERT INTO review.product_rating_stats (product_id, review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5)
       SELECT product_id, count(*), sum(rating), count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
              count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)
       FROM review.product_reviews GROUP BY product_id`,
    );
  // Catalog's projection of the ratings (kept by its subscriber in the running app).
  await db.query(
    `UPDATE catalog.products p SET rating_average = s.avg, rating_count = s.n, rating_updated_at = now()
     FROM (SELECT product_id, avg(rating)::float8 AS avg, count(*)::int AS n FROM review.product_reviews GROUP BY product_id) s
     WHERE s.product_id = p.id`,
  );
}
