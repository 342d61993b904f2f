import { randomUUID } from 'node:crypto';
import { REVEAL_REVIEWS_JOB } from '../../src/modules/review/application/reveal-reviews.job';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { RentalBody } from '../support/rental.factory';
import { completeRental, createRental, moveRental, utcDay } from '../support/rental.factory';
import { reviewUser, seededRandom } from '../support/review.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

const DAY = 86_400_000;

describe('review: double-blind user reviews and user rating stats', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let product: ProductBody;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    owner = await signUp(t.http, { fullName: 'Olivia Owner' });
    product = await createProduct(t, owner);
  });
  afterAll(() => t.close());

  let slot = 0;
  const days = () => {
    const start = 1 + 4 * slot++;
    return { startDate: utcDay(start), endDate: utcDay(start + 2) };
  };
  /** A completed rental of the shared product by a fresh renter. */
  async function completedRental(p: ProductBody = product, o: SignedUpUser = owner) {
    const renter = await signUp(t.http, { fullName: 'Rita Renter' });
    const rental = await completeRental(t, o, renter, p, days());
    return { renter, rental };
  }
  const post = (user: SignedUpUser, body: Record<string, unknown>) =>
    t.http.post('/api/v1/review/user-reviews').set(user.auth).send(body);
  const listAbout = (userId: string, query: Record<string, unknown> = {}) =>
    t.http.get('/api/v1/review/user-reviews').query({ userId, ...query });
  const statsOf = async (userId: string) =>
    (await t.http.get(`/api/v1/review/users/${userId}/review-stats`)).body;
  const revealJob = (now: Date) => t.app.get(JobScheduler).runNow(REVEAL_REVIEWS_JOB, now);
  const userEvents = (userId: string) =>
    t.db.query(
      `SELECT payload FROM review.outbox_events WHERE type = 'review.UserRatingChanged' AND payload->>'userId' = $1
       ORDER BY occurred_at, id`,
      [userId],
    );

  it('hides the first review of a rental, then publishes both when the second arrives', async () => {
    const { renter, rental } = await completedRental();
    const first = await reviewUser(t, renter, rental, 5, 'Great owner, spotless gear.');
    expect(first).toMatchObject({
      rentalId: rental.id,
      reviewerId: renter.id,
      revieweeId: owner.id,
      role: 'owner',
      rating: 5,
      status: 'hidden',
      visibleAt: null,
    });
    expect(Date.parse(first.windowClosesAt) - Date.parse(rental.completedAt!)).toBe(14 * DAY);

    // Nobody can read it yet: not listed, not counted, no event.
    const hidden = await listAbout(owner.id);
    expect(hidden.status).toBe(200);
    expect(hidden.body.items.map((r: { id: string }) => r.id)).not.toContain(first.id);
    const ownerBefore = await statsOf(owner.id);
    expect(await userEvents(renter.id)).toEqual([]);

    const second = await reviewUser(t, owner, rental, 4, 'Careful renter.');
    expect(second).toMatchObject({
      role: 'renter',
      revieweeId: renter.id,
      status: 'published',
      visibleAt: expect.any(String),
    });
    const rows = await t.db.query(
      'SELECT reviewer_id, visible_at IS NOT NULL AS visible FROM review.user_reviews WHERE rental_id = $1 ORDER BY created_at',
      [rental.id],
    );
    expect(rows).toEqual([
      { reviewer_id: renter.id, visible: true },
      { reviewer_id: owner.id, visible: true },
    ]);

    const aboutOwner = await listAbout(owner.id, { role: 'owner' });
    expect(aboutOwner.body.items[0]).toMatchObject({
      id: first.id,
      rentalId: rental.id,
      reviewer: { id: renter.id, displayName: 'Rita' },
      role: 'owner',
      rating: 5,
      body: 'Great owner, spotless gear.',
      publishedAt: expect.any(String),
    });
    expect((await listAbout(renter.id)).body).toMatchObject({
      total: 1,
      items: [{ id: second.id, role: 'renter' }],
    });
    expect((await listAbout(renter.id, { role: 'owner' })).body.total).toBe(0);

    const ownerAfter = await statsOf(owner.id);
    expect(ownerAfter.asOwner.count).toBe(ownerBefore.asOwner.count + 1);
    expect(ownerAfter.asOwner.distribution['5']).toBe(ownerBefore.asOwner.distribution['5'] + 1);
    expect(await statsOf(renter.id)).toEqual({
      userId: renter.id,
      asRenter: { count: 1, average: 4, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } },
      asOwner: { count: 0, average: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
      overall: { count: 1, average: 4, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } },
    });
    expect((await userEvents(renter.id)).map((e: { payload: unknown }) => e.payload)).toEqual([
      { userId: renter.id, average: 4, count: 1 },
    ]);
  });

  it('publishes both when the two reviews arrive at the same moment', async () => {
    const { renter, rental } = await completedRental();
    const [a, b] = await Promise.all([reviewUser(t, renter, rental, 3), reviewUser(t, owner, rental, 2)]);
    expect([a.status, b.status]).toContain('published');
    const rows = await t.db.query(
      'SELECT visible_at IS NOT NULL AS visible FROM review.user_reviews WHERE rental_id = $1',
      [rental.id],
    );
    expect(rows).toEqual([{ visible: true }, { visible: true }]);
    expect((await statsOf(renter.id)).asRenter).toMatchObject({ count: 1, average: 2 });
  });

  it('publishes a lone review when the window closes, once, and not before', async () => {
    const { renter, rental } = await completedRental();
    const lone = await reviewUser(t, owner, rental, 1, 'Returned it broken.');
    const closes = new Date(lone.windowClosesAt);

    expect(await revealJob(new Date(closes.getTime() - 60_000))).toBe(true);
    expect((await listAbout(renter.id)).body.total).toBe(0);
    expect((await statsOf(renter.id)).asRenter.count).toBe(0);

    expect(await revealJob(closes)).toBe(true);
    const [row] = await t.db.query('SELECT visible_at FROM review.user_reviews WHERE id = $1', [lone.id]);
    expect(row.visible_at.toISOString()).toBe(closes.toISOString());
    expect((await listAbout(renter.id)).body.items.map((r: { id: string }) => r.id)).toEqual([lone.id]);
    expect((await statsOf(renter.id)).asRenter).toMatchObject({ count: 1, average: 1 });

    await revealJob(new Date(closes.getTime() + DAY));
    expect((await statsOf(renter.id)).asRenter.count).toBe(1);
    expect(await userEvents(renter.id)).toHaveLength(1);
  });

  it('answers 409 to a second review of the same rental and direction, even sent concurrently', async () => {
    const { renter, rental } = await completedRental();
    const body = { rentalId: rental.id, revieweeId: owner.id, role: 'owner', rating: 4, body: 'Nice' };
    const results = await Promise.all(Array.from({ length: 5 }, () => post(renter, body)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('REVIEW.ALREADY_REVIEWED');
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM review.user_reviews WHERE rental_id = $1',
      [rental.id],
    );
    expect(n).toBe(1);
    // The other direction is still open.
    expect((await reviewUser(t, owner, rental, 5)).status).toBe('published');
  });

  it('refuses what the rules do not allow', async () => {
    const { renter, rental } = await completedRental();
    const stranger = await signUp(t.http);
    const open = await createRental(t, renter, product, days());
    await moveRental(t, open, owner, 'accepted');
    const base = { rentalId: rental.id, revieweeId: owner.id, role: 'owner', rating: 4, body: 'Nice' };
    const cases: [SignedUpUser, Record<string, unknown>, number, string][] = [
      [stranger, base, 404, 'REVIEW.RENTAL_NOT_FOUND'],
      [renter, { ...base, rentalId: randomUUID() }, 404, 'REVIEW.RENTAL_NOT_FOUND'],
      [renter, { ...base, revieweeId: renter.id, role: 'renter' }, 422, 'REVIEW.WRONG_REVIEWEE'],
      [renter, { ...base, revieweeId: stranger.id }, 422, 'REVIEW.WRONG_REVIEWEE'],
      [renter, { ...base, role: 'renter' }, 422, 'REVIEW.WRONG_REVIEWEE'],
      [owner, { ...base, revieweeId: renter.id, role: 'owner' }, 422, 'REVIEW.WRONG_REVIEWEE'],
      [renter, { ...base, rentalId: open.id }, 409, 'REVIEW.RENTAL_NOT_COMPLETED'],
    ];
    for (const [user, body, status, code] of cases) {
      const res = await post(user, body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    }
    for (const [body, field] of [
      [{ ...base, rating: 0 }, 'rating'],
      [{ ...base, role: 'admin' }, 'role'],
      [{ ...base, body: '' }, 'body'],
      [{ ...base, revieweeId: 'me' }, 'revieweeId'],
      [{ ...base, visible: true }, 'visible'],
    ] as const) {
      const res = await post(renter, body);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM review.user_reviews WHERE rental_id IN ($1, $2)',
      [rental.id, open.id],
    );
    expect(n).toBe(0);
  });

  it('closes the window 14 days after completion', async () => {
    const { renter, rental } = await completedRental();
    // Time travel: the rental completed 14 days and a minute ago (the window is measured from completed_at).
    await t.db.query(
      `UPDATE rental.rentals SET completed_at = now() - interval '14 days 1 minute' WHERE id = $1`,
      [rental.id],
    );
    const res = await post(renter, {
      rentalId: rental.id,
      revieweeId: owner.id,
      role: 'owner',
      rating: 5,
      body: 'Late',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('REVIEW.WINDOW_CLOSED');
  });

  it('answers 404 for the stats of someone who does not exist, 422 for a malformed id', async () => {
    expect((await t.http.get(`/api/v1/review/users/${randomUUID()}/review-stats`)).status).toBe(404);
    expectMalformedId(await t.http.get('/api/v1/review/users/x/review-stats'), 'id');
    expect((await t.http.get('/api/v1/review/user-reviews')).status).toBe(422);
  });

  it('keeps user stats exactly equal to a recomputation over the visible rows after many random reviews', async () => {
    const owners = await Promise.all([signUp(t.http), signUp(t.http)]);
    const products = await Promise.all(owners.map((o) => createProduct(t, o)));
    const next = seededRandom(77);
    const rentals: { renter: SignedUpUser; rental: RentalBody; o: SignedUpUser }[] = [];
    for (let i = 0; i < 12; i++) {
      const k = i % 2;
      rentals.push({ ...(await completedRental(products[k], owners[k])), o: owners[k] });
    }
    const lone: string[] = [];
    await Promise.all(
      rentals.map(async ({ renter, rental, o }) => {
        const mode = next();
        const byRenter = mode < 0.7 ? reviewUser(t, renter, rental, 1 + Math.floor(next() * 5)) : null;
        const byOwner = mode > 0.3 ? reviewUser(t, o, rental, 1 + Math.floor(next() * 5)) : null;
        const done = await Promise.all([byRenter, byOwner].filter(Boolean));
        if (done.length === 1) lone.push(done[0]!.id);
      }),
    );
    expect(lone.length).toBeGreaterThan(0);
    await revealJob(new Date(Date.now() + 15 * DAY));

    const users = [...owners.map((o) => o.id), ...rentals.map((r) => r.renter.id)];
    const recomputed = await t.db.query(
      `SELECT reviewee_id AS user_id, role, count(*)::int AS review_count, sum(rating)::int AS rating_sum,
              count(*) FILTER (WHERE rating = 1)::int AS stars_1, count(*) FILTER (WHERE rating = 2)::int AS stars_2,
              count(*) FILTER (WHERE rating = 3)::int AS stars_3, count(*) FILTER (WHERE rating = 4)::int AS stars_4,
              count(*) FILTER (WHERE rating = 5)::int AS stars_5
       FROM review.user_reviews WHERE visible_at IS NOT NULL AND reviewee_id = ANY($1)
       GROUP BY reviewee_id, role ORDER BY 1, 2`,
      [users],
    );
    const kept = await t.db.query(
      `SELECT user_id, role, review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5
       FROM review.user_rating_stats WHERE user_id = ANY($1) ORDER BY 1, 2`,
      [users],
    );
    expect(kept).toEqual(recomputed);
    const [{ hidden }] = await t.db.query(
      'SELECT count(*)::int AS hidden FROM review.user_reviews WHERE visible_at IS NULL AND reviewee_id = ANY($1)',
      [users],
    );
    expect(hidden).toBe(0);
    const ownerStats = await statsOf(owners[0].id);
    const asOwner = recomputed.find(
      (r: { user_id: string; role: string }) => r.user_id === owners[0].id && r.role === 'owner',
    );
    expect(ownerStats.asOwner.count).toBe(asOwner?.review_count ?? 0);
    expect(ownerStats.overall.count).toBe(ownerStats.asOwner.count + ownerStats.asRenter.count);
  });
});
