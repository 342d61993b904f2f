import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS_BY_CONTEXT } from '../../migrations';
import { REVEAL_REVIEWS_JOB } from '../../src/modules/review/application/reveal-reviews.job';
import { ContextDataSources } from '../../src/platform/database/context-data-sources';
import { runMigrations } from '../../src/platform/database/migrate';
import { EventRelay } from '../../src/platform/events/event-relay';
import { EVENT_RETENTION_JOB } from '../../src/platform/events/event-retention.job';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createProduct } from '../support/catalog.factory';
import { deleteAccount } from '../support/erasure.factory';
import { signUp } from '../support/identity.factory';
import { reviewProduct } from '../support/review.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * `<CONTEXT>_DATABASE_URL`: one context (review) on a database of its own. The migration runner
 * applies its migrations there (with the platform's), the context's connection goes there, and the
 * app works end to end with the other contexts on the main database.
 */
describe('platform: a context on a database of its own (REVIEW_DATABASE_URL)', () => {
  let t: TestApp;
  let own: TestDatabase;
  let applied: string[];
  beforeAll(async () => {
    const main = await createTestDatabase();
    own = await createTestDatabase({ empty: true });
    applied = await runMigrations({
      url: main.url,
      poolSize: 2,
      statementTimeoutMs: 0,
      contextUrls: { review: own.url },
    });
    // As in production: the main database has no review schema at all (the template has one).
    const cleaner = new Client({ connectionString: main.url });
    await cleaner.connect();
    await cleaner.query('DROP SCHEMA review CASCADE');
    await cleaner.end();
    t = await createTestApp({ REVIEW_DATABASE_URL: own.url }, {}, main);
  });
  afterAll(async () => {
    await t?.close();
    await own?.drop();
  });

  const ownDatabase = () => t.app.get(ContextDataSources).for('review');

  it('applies review’s migrations, and the platform’s, on review’s own database only', async () => {
    // The main database was migrated already (the template): everything applied went to review's.
    const expected = [...MIGRATIONS_BY_CONTEXT.platform, ...MIGRATIONS_BY_CONTEXT.review].map(
      (migration) => `${migration.name} (review)`,
    );
    // TypeORM applies them in timestamp order, the platform's interleaved with review's.
    expect([...applied].sort()).toEqual(expected.sort());
    const schemas: { name: string }[] = await ownDatabase().query(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1) ORDER BY 1`,
      [['audit', 'catalog', 'identity', 'platform', 'rental', 'review']],
    );
    expect(schemas.map((s) => s.name)).toEqual(['audit', 'platform', 'review']);
  });

  it('connects review to its database and every other context to the main one', async () => {
    const sources = t.app.get(ContextDataSources);
    const [{ db: reviewDb }] = await ownDatabase().query('SELECT current_database() AS db');
    expect(reviewDb).toBe(own.name);
    const [{ db: catalogDb, who }] = await sources
      .for('catalog')
      .query('SELECT current_database() AS db, current_user AS who');
    expect({ catalogDb, who }).toEqual({ catalogDb: t.database.name, who: 'onesociety_catalog' });
  });

  it('serves a review end to end: stored, listed and announced from review’s database', async () => {
    const owner = await signUp(t.http);
    const renter = await signUp(t.http);
    const product = await createProduct(t, owner);
    const posted = await reviewProduct(t, renter, { productId: product.id, rating: 5, body: 'Spotless.' });

    const listed = await t.http.get('/api/v1/review/product-reviews').query({ productId: product.id });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: { id: string; rating: number }) => [r.id, r.rating])).toEqual([
      [posted.id, 5],
    ]);

    const stored = await ownDatabase().query(
      'SELECT reviewer_id, rating FROM review.product_reviews WHERE product_id = $1',
      [product.id],
    );
    expect(stored).toEqual([{ reviewer_id: renter.id, rating: 5 }]);
    const [event] = await ownDatabase().query(
      `SELECT payload FROM review.outbox_events WHERE type = 'review.ProductRatingChanged' AND payload->>'productId' = $1`,
      [product.id],
    );
    expect(event.payload).toEqual({ productId: product.id, average: 5, count: 1 });
    // Nothing of it in the main database, which has no review schema.
    expect(await t.db.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'review'`)).toEqual([]);

    // The relay reads review's outbox on review's database: catalog learns the rating.
    await t.app.get(EventRelay).drain();
    const page = await t.http.get(`/api/v1/products/${product.id}`);
    expect(page.body.rating).toEqual({ average: 5, count: 1 });
  });

  it('delivers other contexts’ events to review on its own database', async () => {
    const gone = await signUp(t.http);
    expect((await deleteAccount(t, gone, { password: gone.password })).status).toBe(204);
    await t.app.get(EventRelay).drain();
    const [event] = await t.db.query(
      `SELECT id FROM identity.outbox_events WHERE type = 'identity.UserDeleted' AND payload->>'userId' = $1`,
      [gone.id],
    );
    const handled = await ownDatabase().query(`SELECT handler FROM review.inbox_events WHERE event_id = $1`, [
      event.id,
    ]);
    expect(handled).toEqual([{ handler: 'review.erase-deleted-user' }]);
  });

  it('runs review’s jobs on review’s database, and prunes review’s tables there', async () => {
    const jobs = t.app.get(JobScheduler);
    // The main database has no review schema: run on the app's connection, the job would fail.
    expect(await jobs.runNow(REVEAL_REVIEWS_JOB)).toBe(true);
    const delivered = randomUUID();
    const longAgo = new Date(Date.now() - 60 * 86_400_000);
    await ownDatabase().query(
      `INSERT INTO review.outbox_events (id, type, version, payload, occurred_at, published_at)
       VALUES ($1, 'test.Retained', 1, '{}', $2, $2)`,
      [delivered, longAgo],
    );
    expect(await jobs.runNow(EVENT_RETENTION_JOB)).toBe(true);
    expect(
      await ownDatabase().query('SELECT 1 FROM review.outbox_events WHERE id = $1', [delivered]),
    ).toEqual([]);
  });

  it('is ready only once review’s own database is migrated too', async () => {
    const ready = await t.http.get('/health/ready');
    expect([ready.status, ready.body]).toEqual([
      200,
      { status: 'ok', database: 'up', migrations: 'applied' },
    ]);
    const sources = t.app.get(ContextDataSources);
    expect(await sources.withPendingMigrations()).toEqual([]);
    // As if a newer build came with a review migration its database has not had.
    const [last] = await ownDatabase().query(
      'SELECT id, timestamp, name FROM migrations ORDER BY id DESC LIMIT 1',
    );
    await ownDatabase().query('DELETE FROM migrations WHERE id = $1', [last.id]);
    try {
      expect(await sources.withPendingMigrations()).toEqual(['review']);
    } finally {
      await ownDatabase().query('INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [
        last.id,
        last.timestamp,
        last.name,
      ]);
    }
    expect(await sources.withPendingMigrations()).toEqual([]);
  });
});
