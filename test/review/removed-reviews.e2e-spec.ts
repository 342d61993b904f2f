import { randomUUID } from 'node:crypto';
import { REVEAL_REVIEWS_JOB } from '../../src/modules/review/application/reveal-reviews.job';
import { EventRelay } from '../../src/platform/events/event-relay';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { personalDataExport, redeliver, removeContent } from '../support/moderation.factory';
import { completeRental, utcDay } from '../support/rental.factory';
import { reviewProduct, reviewUser } from '../support/review.factory';
import { createTestApp, type TestApp } from '../support/test-app';

const DAY = 86_400_000;

/**
 * A review a moderator removed (trust.ContentRemoved) is kept, for the audit and its author's data
 * export, and leaves every list and every rating summary, whose new value is published as any
 * rating change is (review.ProductRatingChanged, review.UserRatingChanged).
 */
describe('review: reviews a moderator removed', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    owner = await signUp(t.http, { fullName: 'Olivia Owner' });
  });
  afterAll(() => t.close());

  let slot = 0;
  /** A completed rental of `product` by a fresh renter, on days no other test uses. */
  async function completedRental(product: ProductBody) {
    const renter = await signUp(t.http, { fullName: 'Rita Renter' });
    const start = 1 + 4 * slot++;
    const rental = await completeRental(t, owner, renter, product, {
      startDate: utcDay(start),
      endDate: utcDay(start + 2),
    });
    return { renter, rental };
  }
  const removeReview = (review: { id: string }, authorId: string) =>
    removeContent(t, 'review', { id: review.id, authorId });
  const ratingEvents = (type: string, key: 'productId' | 'userId', id: string) =>
    t.db
      .query(
        `SELECT payload FROM review.outbox_events WHERE type = $1 AND payload->>'${key}' = $2
         ORDER BY occurred_at, id`,
        [type, id],
      )
      .then((rows: { payload: Record<string, unknown> }[]) => rows.map((r) => r.payload));
  const removedAt = async (table: 'product_reviews' | 'user_reviews', id: string) =>
    (await t.db.query(`SELECT removed_at FROM review.${table} WHERE id = $1`, [id]))[0].removed_at;

  describe('a product review', () => {
    it('leaves the list and the stats, which are published anew; the row stays', async () => {
      const product = await createProduct(t, owner);
      const [ana, ben, cat] = await Promise.all([signUp(t.http), signUp(t.http), signUp(t.http)]);
      await reviewProduct(t, ana, { productId: product.id, rating: 5 });
      await reviewProduct(t, ben, { productId: product.id, rating: 4 });
      const unfair = await reviewProduct(t, cat, { productId: product.id, rating: 1, body: 'Abusive words' });
      const event = await removeReview(unfair, cat.id);

      const [row] = await t.db.query(
        'SELECT body, rating, removed_at FROM review.product_reviews WHERE id = $1',
        [unfair.id],
      );
      expect(row).toMatchObject({ body: 'Abusive words', rating: 1 });
      expect(row.removed_at.toISOString()).toBe(event.occurredAt);

      const list = await t.http.get('/api/v1/review/product-reviews').query({ productId: product.id });
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(2);
      expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(unfair.id);

      const stats = await t.http.get(`/api/v1/review/products/${product.id}/review-stats`);
      expect(stats.body).toEqual({
        productId: product.id,
        count: 2,
        average: 4.5,
        distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 },
      });
      // The kept numbers agree with a recomputation over the reviews still standing.
      const [recomputed] = await t.db.query(
        `SELECT count(*)::int AS count, sum(rating)::int AS sum FROM review.product_reviews
         WHERE product_id = $1 AND removed_at IS NULL`,
        [product.id],
      );
      const [kept] = await t.db.query(
        'SELECT review_count AS count, rating_sum AS sum FROM review.product_rating_stats WHERE product_id = $1',
        [product.id],
      );
      expect(kept).toEqual(recomputed);

      const events = await ratingEvents('review.ProductRatingChanged', 'productId', product.id);
      expect(events.at(-1)).toEqual({ productId: product.id, average: 4.5, count: 2 });
      await t.app.get(EventRelay).drain();
      expect((await t.http.get(`/api/v1/products/${product.id}`)).body.rating).toEqual({
        average: 4.5,
        count: 2,
      });

      // Its author may not write another in its place.
      const again = await t.http
        .post('/api/v1/review/product-reviews')
        .set(cat.auth)
        .send({ productId: product.id, rating: 1, body: 'Again' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('REVIEW.ALREADY_REVIEWED');
    });

    it('is removed once however often the event comes; other ids change nothing', async () => {
      const product = await createProduct(t, owner);
      const [ana, ben] = await Promise.all([signUp(t.http), signUp(t.http)]);
      const kept = await reviewProduct(t, ana, { productId: product.id, rating: 2 });
      const removed = await reviewProduct(t, ben, { productId: product.id, rating: 5 });
      const event = await removeReview(removed, ben.id);
      const before = await ratingEvents('review.ProductRatingChanged', 'productId', product.id);
      await redeliver(t, event);
      expect(await ratingEvents('review.ProductRatingChanged', 'productId', product.id)).toEqual(before);
      expect(before.at(-1)).toEqual({ productId: product.id, average: 2, count: 1 });

      await removeContent(t, 'message', { id: kept.id, authorId: ana.id });
      await removeReview({ id: randomUUID() }, ana.id);
      expect(await removedAt('product_reviews', kept.id)).toBeNull();
      expect(await ratingEvents('review.ProductRatingChanged', 'productId', product.id)).toEqual(before);
    });
  });

  describe('a user review', () => {
    it('published: leaves the list and the reviewee’s stats, with a new UserRatingChanged', async () => {
      const product = await createProduct(t, owner);
      const first = await completedRental(product);
      const second = await completedRental(product);
      await reviewUser(t, first.renter, first.rental, 5);
      await reviewUser(t, owner, first.rental, 5);
      const unfair = await reviewUser(t, second.renter, second.rental, 1, 'Abusive words');
      await reviewUser(t, owner, second.rental, 4);
      const statsBefore = (await t.http.get(`/api/v1/review/users/${owner.id}/review-stats`)).body;
      expect(statsBefore.asOwner).toMatchObject({ count: 2, average: 3 });

      await removeReview(unfair, second.renter.id);
      expect(await removedAt('user_reviews', unfair.id)).not.toBeNull();
      const list = await t.http.get('/api/v1/review/user-reviews').query({ userId: owner.id });
      expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(unfair.id);
      expect(list.body.total).toBe(1);
      const stats = (await t.http.get(`/api/v1/review/users/${owner.id}/review-stats`)).body;
      expect(stats.asOwner).toEqual({
        count: 1,
        average: 5,
        distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 },
      });
      expect((await ratingEvents('review.UserRatingChanged', 'userId', owner.id)).at(-1)).toEqual({
        userId: owner.id,
        average: 5,
        count: 1,
      });
      // The owner's own review of that renter stands.
      const aboutRenter = await t.http.get('/api/v1/review/user-reviews').query({ userId: second.renter.id });
      expect(aboutRenter.body.total).toBe(1);
    });

    it('still hidden: counted nowhere, never revealed, and the other side’s review is published alone', async () => {
      const product = await createProduct(t, owner);
      const { renter, rental } = await completedRental(product);
      const hidden = await reviewUser(t, renter, rental, 1, 'Abusive words');
      const before = await ratingEvents('review.UserRatingChanged', 'userId', owner.id);
      await removeReview(hidden, renter.id);
      expect(await ratingEvents('review.UserRatingChanged', 'userId', owner.id)).toEqual(before);

      // Past the window, the job publishes nothing of it.
      await t.app.get(JobScheduler).runNow(REVEAL_REVIEWS_JOB, new Date(Date.now() + 15 * DAY));
      const [row] = await t.db.query('SELECT visible_at, removed_at FROM review.user_reviews WHERE id = $1', [
        hidden.id,
      ]);
      expect(row.visible_at).toBeNull();
      expect(row.removed_at).not.toBeNull();
      expect(
        (await t.http.get('/api/v1/review/user-reviews').query({ userId: owner.id })).body.items,
      ).toEqual(expect.not.arrayContaining([expect.objectContaining({ id: hidden.id })]));
    });

    it('removed while hidden, the second review of the rental is published without it', async () => {
      const product = await createProduct(t, owner);
      const { renter, rental } = await completedRental(product);
      const hidden = await reviewUser(t, renter, rental, 1, 'Abusive words');
      await removeReview(hidden, renter.id);
      const answer = await reviewUser(t, owner, rental, 4, 'Careful renter.');
      expect(answer.status).toBe('published');
      const [row] = await t.db.query('SELECT visible_at FROM review.user_reviews WHERE id = $1', [hidden.id]);
      expect(row.visible_at).toBeNull();
      const aboutOwner = await t.http.get('/api/v1/review/user-reviews').query({ userId: owner.id });
      expect(aboutOwner.body.items.map((r: { id: string }) => r.id)).not.toContain(hidden.id);
    });
  });

  it('a removal racing the reveal of the same review leaves the stats equal to the reviews standing', async () => {
    const product = await createProduct(t, owner);
    for (let round = 0; round < 3; round++) {
      const { renter, rental } = await completedRental(product);
      const first = await reviewUser(t, renter, rental, 1, 'Abusive words');
      await Promise.all([removeReview(first, renter.id), reviewUser(t, owner, rental, 5)]);
      // Revealed then removed, or removed and never revealed: removed either way.
      expect(await removedAt('user_reviews', first.id)).not.toBeNull();
    }
    const [kept] = await t.db.query(
      `SELECT review_count AS count, rating_sum AS sum FROM review.user_rating_stats WHERE user_id = $1 AND role = 'owner'`,
      [owner.id],
    );
    const [standing] = await t.db.query(
      `SELECT count(*)::int AS count, sum(rating)::int AS sum FROM review.user_reviews
       WHERE reviewee_id = $1 AND role = 'owner' AND visible_at IS NOT NULL AND removed_at IS NULL`,
      [owner.id],
    );
    expect(kept).toEqual(standing);
  });

  it('stays in its author’s data export, marked removed, and leaves the reviewee’s', async () => {
    const product = await createProduct(t, owner);
    const { renter, rental } = await completedRental(product);
    const unfair = await reviewUser(t, renter, rental, 1, 'Abusive words');
    await reviewUser(t, owner, rental, 5);
    const productReview = await reviewProduct(t, renter, {
      productId: product.id,
      rating: 1,
      body: 'Also abusive',
    });
    await removeReview(unfair, renter.id);
    await removeReview(productReview, renter.id);

    const mine = (await personalDataExport(t, renter)).review;
    expect(mine.written.userReviews.find((r) => r.id === unfair.id)).toMatchObject({
      body: 'Abusive words',
      removedAt: expect.any(String),
    });
    expect(mine.written.productReviews.find((r) => r.id === productReview.id)).toMatchObject({
      body: 'Also abusive',
      removedAt: expect.any(String),
    });
    expect(mine.received.userReviews).toEqual([expect.objectContaining({ removedAt: null })]);

    const theirs = (await personalDataExport(t, owner)).review;
    expect(theirs.received.userReviews.map((r) => r.id)).not.toContain(unfair.id);
  });
});
