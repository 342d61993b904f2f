import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { utcDay } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const REQUESTS = 60;

/**
 * The guarantee, proven at the HTTP API: many renters asking for overlapping days of one product
 * at the same moment, through a pool of several connections, and the database lets exactly one
 * of them hold the dates. CI runs this file on the embedded PostgreSQL and on a PostgreSQL server.
 */
describe('rental: no double booking under concurrency', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renters: SignedUpUser[];
  beforeAll(async () => {
    // Many writes from the same few users: the per-user write limit is not what is tested here.
    // 60 bookings queue on one product's lock: on a loaded 2-core machine the last may wait longer
    // than the production statement timeout, which would turn its 409 into a 503 (not what is tested).
    t = await createTestApp({
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
      DATABASE_STATEMENT_TIMEOUT_MS: '60000',
    });
    owner = await signUp(t.http);
    renters = [];
    // Sign-ups in small batches: bcrypt is CPU work on 2 cores.
    for (let i = 0; i < REQUESTS; i += 10) {
      renters.push(...(await Promise.all(Array.from({ length: 10 }, () => signUp(t.http)))));
    }
  });
  afterAll(() => t.close());

  it('runs with a pool of several connections (DATABASE_POOL_SIZE, 10 by default)', async () => {
    expect((t.db.options.extra as { max: number }).max).toBeGreaterThanOrEqual(5);
  });

  it(`lets exactly one of ${REQUESTS} concurrent overlapping requests hold the dates`, async () => {
    const product = await createProduct(t, owner);
    // Every request overlaps every other one (all contain day 10), with varied ranges.
    const answers = await Promise.all(
      renters.map((renter, i) =>
        t.http
          .post('/api/v1/rentals')
          .set(renter.auth)
          .set('Idempotency-Key', `race-${randomUUID()}`)
          .send({ productId: product.id, startDate: utcDay(8 + (i % 3)), endDate: utcDay(11 + (i % 4)) }),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(REQUESTS - 1);
    for (const answer of refused) {
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({
        code: 'RENTAL.OVERLAP',
        conflicts: [{ startDate: created[0].body.startDate, endDate: created[0].body.endDate }],
      });
    }
    const holding = await t.db.query(
      `SELECT id, renter_id FROM rental.rentals WHERE product_id = $1 AND status IN ('requested', 'accepted', 'active')`,
      [product.id],
    );
    expect(holding).toEqual([{ id: created[0].body.id, renter_id: created[0].body.renterId }]);
    expect(await t.db.query('SELECT id FROM rental.holds WHERE product_id = $1', [product.id])).toEqual([
      { id: created[0].body.id },
    ]);
  });

  it('also holds against owner blocks racing the bookings', async () => {
    const product = await createProduct(t, owner);
    const range = { startDate: utcDay(20), endDate: utcDay(23) };
    const answers = await Promise.all([
      ...renters.slice(0, 30).map((renter) =>
        t.http
          .post('/api/v1/rentals')
          .set(renter.auth)
          .send({ productId: product.id, ...range }),
      ),
      ...Array.from({ length: 10 }, () =>
        t.http.post(`/api/v1/products/${product.id}/blocks`).set(owner.auth).send(range),
      ),
    ]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(39);
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM rental.holds WHERE product_id = $1', [product.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('books non-overlapping days of one product concurrently', async () => {
    const product = await createProduct(t, owner);
    const answers = await Promise.all(
      renters.slice(0, 20).map((renter, i) =>
        t.http
          .post('/api/v1/rentals')
          .set(renter.auth)
          .send({ productId: product.id, startDate: utcDay(30 + 2 * i), endDate: utcDay(32 + 2 * i) }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
  });

  it('is enforced by PostgreSQL alone: concurrent raw inserts, no application code, one winner', async () => {
    const productId = randomUUID();
    const insertRental = (i: number) =>
      t.db.query(
        `INSERT INTO rental.rentals (id, product_id, renter_id, owner_id, start_date, end_date, buffer_days, period,
           status, currency, rental_days, subtotal, platform_fee, deposit, total, respond_by, cancellation_policy)
         VALUES ($1, $2, $3, $4, $5::date, $6::date, 0, daterange($5::date, $6::date, '[)'), 'requested',
           'EUR', $6::date - $5::date, 0, 0, 0, 0, now(), 'flexible')`,
        [randomUUID(), productId, randomUUID(), owner.id, utcDay(40 + (i % 2)), utcDay(43 + (i % 3))],
      );
    const insertBlock = () =>
      t.db.query(
        `INSERT INTO rental.blocks (id, product_id, created_by, start_date, end_date, period)
         VALUES ($1, $2, $3, $4::date, $5::date, daterange($4::date, $5::date, '[)'))`,
        [randomUUID(), productId, owner.id, utcDay(41), utcDay(42)],
      );
    // As many at once as the pool has connections, rentals and blocks mixed.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => (i % 3 === 2 ? insertBlock() : insertRental(i))),
    );
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.length - failures.length).toBe(1);
    for (const { reason } of failures) {
      expect(reason).toBeInstanceOf(QueryFailedError);
      // 23P01 exclusion violation; 40P01 when two inserts waited on each other (retried by the app).
      const { code } = (reason as QueryFailedError).driverError as { code?: string };
      expect(['23P01', '40P01']).toContain(code);
    }
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM rental.holds WHERE product_id = $1', [productId]),
    ).toEqual([{ n: 1 }]);
  });
});
