import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { ProductReviewsService } from '../../src/modules/review/application/product-reviews.service';
import { ReviewStatsService } from '../../src/modules/review/application/review-stats.service';
import { CatalogApi } from '../../src/modules/catalog';
import { CONTEXT_NAMES } from '../../src/platform/config/contexts';
import { ContextDataSources } from '../../src/platform/database/context-data-sources';
import { contextRole } from '../../src/platform/database/context-roles';
import { EventRelay } from '../../src/platform/events/event-relay';
import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { reviewProduct } from '../support/review.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/** The DataSource Nest injected into one of a context's providers (`@InjectDataSource()`). */
const injectedInto = (provider: object) => (provider as { dataSource: DataSource }).dataSource;

async function failureOf(work: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const outcome = await work.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof QueryFailedError))
    throw new Error(`expected a refused query, got ${String(outcome)}`);
  return { code: (outcome.driverError as { code?: string }).code, message: outcome.message };
}

/**
 * Issue #19, item 4: every context reaches PostgreSQL as its own role, through the DataSource Nest
 * injects into its providers, and the database refuses anything outside its schema.
 */
describe('platform: each context connects as its own database role', () => {
  let t: TestApp;
  let sources: ContextDataSources;
  beforeAll(async () => {
    t = await createTestApp();
    sources = t.app.get(ContextDataSources);
  });
  afterAll(() => t.close());

  it('injects the context’s own DataSource into its providers, not the app’s', async () => {
    const review = injectedInto(t.app.get(ProductReviewsService));
    expect(review).toBe(sources.for('review'));
    expect(injectedInto(t.app.get(ReviewStatsService))).toBe(review);
    expect(injectedInto(t.app.get(CatalogApi))).toBe(sources.for('catalog'));
    expect(review).not.toBe(t.db);
    const [who] = await review.query('SELECT current_user AS name, session_user AS login');
    expect(who).toEqual({ name: 'onesociety_review', login: 'onesociety_review' });
  });

  it('refuses a cross-schema SELECT planted in a context with permission denied (42501)', async () => {
    const owner = await signUp(t.http);
    const product = await createProduct(t, owner);
    const review = injectedInto(t.app.get(ProductReviewsService));
    // What review must never do: read catalog's table instead of asking catalog's contract.
    const refused = await failureOf(
      review.query('SELECT id FROM catalog.products WHERE id = $1', [product.id]),
    );
    expect(refused.code).toBe('42501');
    expect(refused.message).toMatch(/permission denied for schema catalog/);
    // Nor in its own transactions, nor by switching role: it logs in as itself, not as the admin.
    const inTransaction = await failureOf(
      review.transaction((manager) => manager.query('SELECT count(*) FROM identity.users')),
    );
    expect(inTransaction.code).toBe('42501');
    expect((await failureOf(review.query('SET ROLE postgres'))).code).toBe('42501');
    // The same row is there for catalog, through catalog's own connection.
    const seen = await sources
      .for('catalog')
      .query('SELECT id FROM catalog.products WHERE id = $1', [product.id]);
    expect(seen).toEqual([{ id: product.id }]);
  });

  it('gives every context its own login, which reaches no other context’s schema', async () => {
    for (const context of CONTEXT_NAMES) {
      const source = sources.for(context);
      expect(source).not.toBe(t.db);
      const [who] = await source.query('SELECT current_user AS name');
      expect(who.name).toBe(contextRole(context));
      for (const other of CONTEXT_NAMES.filter((name) => name !== context)) {
        const refused = await failureOf(source.query(`SELECT 1 FROM ${other}.outbox_events LIMIT 1`));
        expect({ context, other, code: refused.code }).toEqual({ context, other, code: '42501' });
      }
    }
  });

  it('lets a context append to the audit log but never rewrite it', async () => {
    const trust = sources.for('trust');
    const entry = { id: randomUUID() };
    // No RETURNING: that would read the table back, which the role may not.
    await trust.query(
      `INSERT INTO audit.entries (id, actor_role, action, details) VALUES ($1, 'system', 'roles.checked', '{}'::jsonb)`,
      [entry.id],
    );
    expect((await failureOf(trust.query('DELETE FROM audit.entries WHERE id = $1', [entry.id]))).code).toBe(
      '42501',
    );
    expect((await failureOf(trust.query('SELECT count(*) FROM audit.entries'))).code).toBe('42501');
    const [kept] = await t.db.query('SELECT action FROM audit.entries WHERE id = $1', [entry.id]);
    expect(kept).toEqual({ action: 'roles.checked' });
  });

  it('serves a whole flow through the roles: a review reaches catalog’s rating by event', async () => {
    const owner = await signUp(t.http);
    const renter = await signUp(t.http);
    const product = await createProduct(t, owner);
    const posted = await reviewProduct(t, renter, { productId: product.id, rating: 4 });
    await t.app.get(EventRelay).drain();
    const page = await t.http.get(`/api/v1/products/${product.id}`);
    expect(page.status).toBe(200);
    expect(page.body.rating).toEqual({ average: 4, count: 1 });
    const [stored] = await t.db.query('SELECT rating FROM review.product_reviews WHERE id = $1', [posted.id]);
    expect(stored).toEqual({ rating: 4 });
  });
});
