import { randomUUID } from 'node:crypto';
import { EventRelay } from '../../src/platform/events/event-relay';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { completeRental, createRental, utcDay } from '../support/rental.factory';
import { reviewProduct, seededRandom } from '../support/review.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

describe('review: product reviews and product rating stats', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  let product: ProductBody;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    [owner, renter] = await Promise.all([
      signUp(t.http, { fullName: 'Olivia Owner' }),
      signUp(t.http, { fullName: 'Rita Renter' }),
    ]);
    product = await createProduct(t, owner);
  });
  afterAll(() => t.close());

  let slot = 0;
  /** A completed rental of `p` by `who`, on days no other test uses. */
  const completed = (p: { id: string }, who = renter) => {
    const start = 1 + 5 * slot++;
    return completeRental(t, owner, who, p, { startDate: utcDay(start), endDate: utcDay(start + 2) });
  };
  const post = (user: SignedUpUser, body: Record<string, unknown>) =>
    t.http.post('/api/v1/review/product-reviews').set(user.auth).send(body);
  const stats = (productId: string) => t.http.get(`/api/v1/review/products/${productId}/review-stats`);

  it('publishes an unverified review at once, updates the stats and tells the catalog', async () => {
    const p = await createProduct(t, owner);
    const res = await post(renter, { productId: p.id, rating: 4, title: 'Solid', body: 'Did the job.' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      productId: p.id,
      rentalId: null,
      reviewer: { id: renter.id, displayName: 'Rita' },
      rating: 4,
      title: 'Solid',
      body: 'Did the job.',
      verified: false,
    });
    const rows = await t.db.query(
      'SELECT reviewer_id, rating, verified FROM review.product_reviews WHERE product_id = $1',
      [p.id],
    );
    expect(rows).toEqual([{ reviewer_id: renter.id, rating: 4, verified: false }]);

    const s = await stats(p.id);
    expect(s.status).toBe(200);
    expect(s.body).toEqual({
      productId: p.id,
      count: 1,
      average: 4,
      distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 },
    });
    const [event] = await t.db.query(
      `SELECT payload FROM review.outbox_events WHERE type = 'review.ProductRatingChanged' AND payload->>'productId' = $1`,
      [p.id],
    );
    expect(event.payload).toEqual({ productId: p.id, average: 4, count: 1 });

    await t.app.get(EventRelay).drain();
    const detail = await t.http.get(`/api/v1/products/${p.id}`);
    expect(detail.body.rating).toEqual({ average: 4, count: 1 });
  });

  it('marks a review tied to the reviewer’s completed rental as verified', async () => {
    const rental = await completed(product);
    const res = await post(renter, {
      productId: product.id,
      rentalId: rental.id,
      rating: 5,
      body: 'Perfect.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rentalId: rental.id, verified: true });
    const [row] = await t.db.query('SELECT verified, rental_id FROM review.product_reviews WHERE id = $1', [
      res.body.id,
    ]);
    expect(row).toEqual({ verified: true, rental_id: rental.id });
    const again = await post(renter, {
      productId: product.id,
      rentalId: rental.id,
      rating: 1,
      body: 'Changed my mind',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REVIEW.ALREADY_REVIEWED');
  });

  it('keeps one unverified review per person and product, even when sent concurrently', async () => {
    const p = await createProduct(t, owner);
    const eager = await signUp(t.http);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post(eager, { productId: p.id, rating: 1 + (i % 5), body: `take ${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.code === 'REVIEW.ALREADY_REVIEWED'),
    ).toBe(true);
    const winner = results.find((r) => r.status === 201)!.body;
    expect((await stats(p.id)).body).toMatchObject({ count: 1, average: winner.rating });
  });

  it('refuses reviews the rules do not allow', async () => {
    const other = await createProduct(t, owner);
    const stranger = await signUp(t.http);
    const pending = await createRental(t, renter, product, { startDate: utcDay(300), endDate: utcDay(302) });
    const done = await completed(product);
    const cases: [SignedUpUser, Record<string, unknown>, number, string][] = [
      [owner, { productId: product.id, rating: 5, body: 'My own!' }, 422, 'REVIEW.OWN_PRODUCT'],
      [renter, { productId: randomUUID(), rating: 5, body: 'x' }, 404, 'REVIEW.PRODUCT_NOT_FOUND'],
      [
        renter,
        { productId: product.id, rentalId: randomUUID(), rating: 5, body: 'x' },
        404,
        'REVIEW.RENTAL_NOT_FOUND',
      ],
      [
        stranger,
        { productId: product.id, rentalId: done.id, rating: 5, body: 'x' },
        404,
        'REVIEW.RENTAL_NOT_FOUND',
      ],
      [
        renter,
        { productId: other.id, rentalId: done.id, rating: 5, body: 'x' },
        422,
        'REVIEW.RENTAL_PRODUCT_MISMATCH',
      ],
      [
        renter,
        { productId: product.id, rentalId: pending.id, rating: 5, body: 'x' },
        409,
        'REVIEW.RENTAL_NOT_COMPLETED',
      ],
    ];
    for (const [user, body, status, code] of cases) {
      const res = await post(user, body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    }
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM review.product_reviews WHERE reviewer_id IN ($1, $2) AND rental_id IS NOT DISTINCT FROM $3',
      [owner.id, stranger.id, done.id],
    );
    expect(n).toBe(0);
  });

  it('closes verified reviews 14 days after completion', async () => {
    const rental = await completed(product);
    // Time travel: the rental completed 14 days and a minute ago (the window is measured from completed_at).
    await t.db.query(
      `UPDATE rental.rentals SET completed_at = now() - interval '14 days 1 minute' WHERE id = $1`,
      [rental.id],
    );
    const res = await post(renter, { productId: product.id, rentalId: rental.id, rating: 5, body: 'Late' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'REVIEW.WINDOW_CLOSED', windowClosedAt: expect.any(String) });

    const inTime = await completed(product);
    await t.db.query(
      `UPDATE rental.rentals SET completed_at = now() - interval '13 days 23 hours' WHERE id = $1`,
      [inTime.id],
    );
    expect(
      (await post(renter, { productId: product.id, rentalId: inTime.id, rating: 5, body: 'Just in time' }))
        .status,
    ).toBe(201);
  });

  it.each([
    ['a rating of 0', { rating: 0 }, 'rating'],
    ['a rating of 6', { rating: 6 }, 'rating'],
    ['a fractional rating', { rating: 4.5 }, 'rating'],
    ['a rating as text', { rating: '5' }, 'rating'],
    ['an empty body', { body: '' }, 'body'],
    ['a blank body', { body: ' \n ' }, 'body'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a body over 4000 characters', { body: 'x'.repeat(4001) }, 'body'],
    ['a title over 120 characters', { title: 't'.repeat(121) }, 'title'],
    ['a productId that is not a UUID', { productId: 'drill' }, 'productId'],
    ['a verified flag', { verified: true }, 'verified'],
  ])('refuses %s with 422', async (_, override, field) => {
    const res = await post(renter, { productId: product.id, rating: 5, body: 'Fine', ...override });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('lists a product’s reviews newest first, filtered by verified, with paging (public)', async () => {
    const p = await createProduct(t, owner);
    const writers = await Promise.all([signUp(t.http), signUp(t.http), signUp(t.http)]);
    const first = await reviewProduct(t, writers[0], { productId: p.id, rating: 3 });
    const second = await reviewProduct(t, writers[1], { productId: p.id, rating: 4 });
    const rental = await completed(p, writers[2]);
    const third = await reviewProduct(t, writers[2], { productId: p.id, rentalId: rental.id, rating: 5 });

    const all = await t.http.get('/api/v1/review/product-reviews').query({ productId: p.id });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, limit: 20, total: 3 });
    expect(all.body.items.map((r: { id: string }) => r.id)).toEqual([third.id, second.id, first.id]);
    const verified = await t.http
      .get('/api/v1/review/product-reviews')
      .query({ productId: p.id, verified: true });
    expect(verified.body.items.map((r: { id: string }) => r.id)).toEqual([third.id]);
    const unverified = await t.http
      .get('/api/v1/review/product-reviews')
      .query({ productId: p.id, verified: 'false' });
    expect(unverified.body).toMatchObject({ total: 2 });
    const paged = await t.http
      .get('/api/v1/review/product-reviews')
      .query({ productId: p.id, limit: 2, page: 2 });
    expect(paged.body.items.map((r: { id: string }) => r.id)).toEqual([first.id]);

    expect((await t.http.get('/api/v1/review/product-reviews')).status).toBe(422);
    expect(
      (await t.http.get('/api/v1/review/product-reviews').query({ productId: p.id, verified: 'maybe' }))
        .status,
    ).toBe(422);
    expect(
      (await t.http.get('/api/v1/review/product-reviews').query({ productId: randomUUID() })).status,
    ).toBe(404);
    expect((await stats(randomUUID())).status).toBe(404);
    expectMalformedId(await stats('nope'), 'id');
  });

  it('keeps stats exactly equal to a recomputation over the rows after many concurrent random reviews', async () => {
    const products = await Promise.all([
      createProduct(t, owner),
      createProduct(t, owner),
      createProduct(t, owner),
    ]);
    const writers: SignedUpUser[] = [];
    for (let i = 0; i < 24; i += 8)
      writers.push(...(await Promise.all(Array.from({ length: 8 }, () => signUp(t.http)))));
    const next = seededRandom(20260125);
    const planned = writers.flatMap((w) =>
      products
        .filter(() => next() < 0.8)
        .map((p) => ({ w, productId: p.id, rating: 1 + Math.floor(next() * 5) })),
    );
    for (let i = 0; i < planned.length; i += 12) {
      const batch = planned.slice(i, i + 12);
      const results = await Promise.all(
        batch.map((r) => post(r.w, { productId: r.productId, rating: r.rating, body: 'ok' })),
      );
      expect(results.map((r) => r.status)).toEqual(batch.map(() => 201));
    }
    const recomputed = await t.db.query(
      `SELECT product_id, count(*)::int AS review_count, sum(rating)::int AS rating_sum,
              count(*) FILTER (WHERE rating = 1)::int AS stars_1, count(*) FILTER (WHERE rating = 2)::int AS stars_2,
              count(*) FILTER (WHERE rating = 3)::int AS stars_3, count(*) FILTER (WHERE rating = 4)::int AS stars_4,
              count(*) FILTER (WHERE rating = 5)::int AS stars_5
       FROM review.product_reviews WHERE product_id = ANY($1) GROUP BY product_id ORDER BY product_id`,
      [products.map((p) => p.id)],
    );
    const kept = await t.db.query(
      `SELECT product_id, review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5
       FROM review.product_rating_stats WHERE product_id = ANY($1) ORDER BY product_id`,
      [products.map((p) => p.id)],
    );
    expect(kept).toEqual(recomputed);
    expect(recomputed.reduce((n: number, r: { review_count: number }) => n + r.review_count, 0)).toBe(
      planned.length,
    );
    for (const p of products) {
      const mine = planned.filter((r) => r.productId === p.id).map((r) => r.rating);
      const body = (await stats(p.id)).body;
      expect(body.count).toBe(mine.length);
      expect(body.average).toBe(Math.round((mine.reduce((a, b) => a + b, 0) / mine.length) * 100) / 100);
      expect(body.distribution['5']).toBe(mine.filter((r) => r === 5).length);
    }
    // The last event per product carries the final summary, which is what the catalog keeps.
    await t.app.get(EventRelay).drain();
    for (const p of products) {
      const detail = await t.http.get(`/api/v1/products/${p.id}`);
      expect(detail.body.rating).toEqual({
        average: (await stats(p.id)).body.average,
        count: (await stats(p.id)).body.count,
      });
    }
  });
});
