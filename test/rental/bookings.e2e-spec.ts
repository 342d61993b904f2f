import { randomUUID } from 'node:crypto';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createRental, utcDay } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { expectOneAnswerOrInProgress } from '../support/idempotency-assertions';
import { createTestApp } from '../support/test-app';

describe('rental: booking (POST /rentals)', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  beforeAll(async () => {
    // Many writes from the same few users: the per-user write limit is not what is tested here.
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
    [owner, renter] = await Promise.all([signUp(t.http), signUp(t.http)]);
  });
  afterAll(() => t.close());

  const book = (user: SignedUpUser, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.http.post('/api/v1/rentals').set(user.auth).set(headers).send(body);
  const holdingRows = async (productId: string) =>
    (
      await t.db.query(
        `SELECT count(*)::int AS n FROM rental.rentals WHERE product_id = $1 AND status IN ('requested', 'accepted', 'active')`,
        [productId],
      )
    )[0].n;

  it('creates a requested rental holding the dates, with its quote, history and event', async () => {
    const product = await createProduct(t, owner, {
      pricing: { dailyPrice: 1500, weeklyPrice: 9000, deposit: 5000, currency: 'EUR' },
    });
    const before = Date.now();
    const res = await book(renter, {
      productId: product.id,
      startDate: utcDay(2),
      endDate: utcDay(10),
      notes: '  Pick-up at 9  ',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      productId: product.id,
      renterId: renter.id,
      ownerId: owner.id,
      startDate: utcDay(2),
      endDate: utcDay(10),
      heldUntil: utcDay(10),
      status: 'requested',
      quote: {
        currency: 'EUR',
        rentalDays: 8,
        subtotal: 10500,
        platformFee: 1050,
        deposit: 5000,
        total: 16550,
      },
      notes: 'Pick-up at 9',
      cancelledBy: null,
      cancellationPolicy: 'flexible',
      cancellationRefund: null,
      respondBy: expect.any(String),
      returnedAt: null,
      completedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const respondIn = Date.parse(res.body.respondBy) - before;
    expect(respondIn).toBeGreaterThanOrEqual(48 * 3600_000 - 1000);
    expect(respondIn).toBeLessThan(48 * 3600_000 + 60_000);

    const [row] = await t.db.query(
      `SELECT status, to_char(start_date, 'YYYY-MM-DD') AS start, period::text AS period, total::int AS total,
              renter_id, owner_id FROM rental.rentals WHERE id = $1`,
      [res.body.id],
    );
    expect(row).toEqual({
      status: 'requested',
      start: utcDay(2),
      period: `[${utcDay(2)},${utcDay(10)})`,
      total: 16550,
      renter_id: renter.id,
      owner_id: owner.id,
    });
    expect(
      await t.db.query('SELECT rental_id, period::text AS period FROM rental.holds WHERE id = $1', [
        res.body.id,
      ]),
    ).toEqual([{ rental_id: res.body.id, period: `[${utcDay(2)},${utcDay(10)})` }]);
    expect(
      await t.db.query(
        'SELECT from_status, to_status, actor_id, actor_role FROM rental.rental_history WHERE rental_id = $1',
        [res.body.id],
      ),
    ).toEqual([{ from_status: null, to_status: 'requested', actor_id: renter.id, actor_role: 'renter' }]);
    const events = await t.db.query(
      `SELECT type, payload FROM rental.outbox_events WHERE payload->>'rentalId' = $1`,
      [res.body.id],
    );
    expect(events).toEqual([
      {
        type: 'rental.RentalRequested',
        payload: expect.objectContaining({
          rentalId: res.body.id,
          status: 'requested',
          previousStatus: null,
          actorId: renter.id,
          cancelledBy: null,
          quote: res.body.quote,
        }),
      },
    ]);
  });

  it('keeps the quote it was booked with when the price changes later', async () => {
    const product = await createProduct(t, owner);
    const rental = await createRental(t, renter, product);
    const put = await t.http
      .put(`/api/v1/products/${product.id}`)
      .set(owner.auth)
      .send({ pricing: { dailyPrice: 9900, deposit: 0, currency: 'EUR' } });
    expect(put.status).toBe(200);
    const quoteNow = await t.http
      .post('/api/v1/availability')
      .send({ productId: product.id, startDate: rental.startDate, endDate: rental.endDate });
    expect(quoteNow.body.quote.subtotal).toBe(3 * 9900);
    const res = await t.http.get(`/api/v1/rentals/${rental.id}`).set(renter.auth);
    expect(res.body.quote).toEqual(rental.quote);
    expect(rental.quote.subtotal).toBe(3 * 2500);
  });

  describe('refusals', () => {
    let product: ProductBody;
    beforeAll(async () => {
      product = await createProduct(t, owner, {
        rules: { minDays: 2, maxDays: 5, leadTimeDays: 2, bufferDays: 0 },
      });
    });

    it.each([
      ['dates in the past', -3, 0, 'RENTAL.DATES_IN_PAST', 'startDate'],
      ['too little notice', 1, 4, 'RENTAL.LEAD_TIME', 'startDate'],
      ['too short', 3, 4, 'RENTAL.TOO_SHORT', 'endDate'],
      ['too long', 3, 9, 'RENTAL.TOO_LONG', 'endDate'],
      ['end before start', 5, 3, 'RENTAL.INVALID_RANGE', 'endDate'],
      ['end equal to start', 5, 5, 'RENTAL.INVALID_RANGE', 'endDate'],
      ['too far ahead', 800, 803, 'RENTAL.TOO_FAR_AHEAD', 'startDate'],
    ])('%s (days %i to %i) → 422 %s, nothing stored', async (_, start, end, code, field) => {
      const res = await book(renter, {
        productId: product.id,
        startDate: utcDay(start),
        endDate: utcDay(end),
      });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code,
        errors: expect.arrayContaining([expect.objectContaining({ field })]),
      });
      expect(res.body.detail).toEqual(expect.any(String));
      expect(await holdingRows(product.id)).toBe(0);
    });

    it('names the earliest possible start when notice is too short', async () => {
      const res = await book(renter, { productId: product.id, startDate: utcDay(0), endDate: utcDay(3) });
      expect(res.body.detail).toBe(`The owner needs 2 days of notice: the earliest start is ${utcDay(2)}`);
    });

    it('refuses the owner booking their own product (422)', async () => {
      const res = await book(owner, { productId: product.id, startDate: utcDay(3), endDate: utcDay(5) });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('RENTAL.OWN_PRODUCT');
      expect(await holdingRows(product.id)).toBe(0);
    });

    it.each(['paused', 'draft'] as const)('refuses a %s product (409)', async (status) => {
      const inactive = await createProduct(t, owner, { status });
      const res = await book(renter, { productId: inactive.id, startDate: utcDay(1), endDate: utcDay(3) });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('RENTAL.PRODUCT_NOT_RENTABLE');
      expect(await holdingRows(inactive.id)).toBe(0);
    });

    it('refuses a deleted product (404)', async () => {
      const doomed = await createProduct(t, owner);
      const del = await t.http.delete(`/api/v1/products/${doomed.id}`).set(owner.auth);
      expect(del.status).toBe(204);
      const res = await book(renter, { productId: doomed.id, startDate: utcDay(1), endDate: utcDay(3) });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('RENTAL.PRODUCT_NOT_FOUND');
    });

    it('answers 404 for a product that does not exist', async () => {
      const res = await book(renter, { productId: randomUUID(), startDate: utcDay(1), endDate: utcDay(3) });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('RENTAL.PRODUCT_NOT_FOUND');
    });

    it.each([
      ['an impossible date', { startDate: '2030-02-30', endDate: '2030-03-02' }, 'startDate'],
      ['a date with a time', { startDate: '2030-03-01T10:00:00Z', endDate: '2030-03-02' }, 'startDate'],
      ['a number as date', { startDate: '2030-03-01', endDate: 20300302 }, 'endDate'],
      [
        'a bad product id',
        { productId: 'not-a-uuid', startDate: '2030-03-01', endDate: '2030-03-03' },
        'productId',
      ],
      [
        'notes over 1000 chars',
        { startDate: '2030-03-01', endDate: '2030-03-03', notes: 'x'.repeat(1001) },
        'notes',
      ],
      ['an unknown field', { startDate: '2030-03-01', endDate: '2030-03-03', status: 'accepted' }, 'status'],
    ])('validates the body: %s → 422 on %s', async (_, body, field) => {
      const res = await book(renter, { productId: product.id, ...body });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('VALIDATION.FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('needs an access token (401)', async () => {
      const res = await t.http
        .post('/api/v1/rentals')
        .send({ productId: product.id, startDate: utcDay(3), endDate: utcDay(5) });
      expect(res.status).toBe(401);
    });
  });

  describe('overlap', () => {
    it('refuses overlapping dates with 409 naming the held range; adjacent stays are fine', async () => {
      const product = await createProduct(t, owner);
      const first = await createRental(t, renter, product, { startDate: utcDay(5), endDate: utcDay(8) });
      const other = await signUp(t.http);
      for (const [start, end] of [
        [5, 8],
        [4, 6],
        [7, 12],
        [6, 7],
        [3, 20],
      ]) {
        const res = await book(other, {
          productId: product.id,
          startDate: utcDay(start),
          endDate: utcDay(end),
        });
        expect(res.status).toBe(409);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({
          code: 'RENTAL.OVERLAP',
          conflicts: [{ startDate: first.startDate, endDate: first.endDate }],
        });
      }
      const before = await book(other, { productId: product.id, startDate: utcDay(2), endDate: utcDay(5) });
      const after = await book(other, { productId: product.id, startDate: utcDay(8), endDate: utcDay(10) });
      expect([before.status, after.status]).toEqual([201, 201]);
      expect(await holdingRows(product.id)).toBe(3);
    });

    it("keeps the owner's buffer days free after each rental", async () => {
      const product = await createProduct(t, owner, {
        rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 2 },
      });
      const first = await createRental(t, renter, product, { startDate: utcDay(5), endDate: utcDay(8) });
      expect(first.heldUntil).toBe(utcDay(10));
      const inBuffer = await book(renter, {
        productId: product.id,
        startDate: utcDay(9),
        endDate: utcDay(11),
      });
      expect(inBuffer.status).toBe(409);
      expect(inBuffer.body.conflicts).toEqual([{ startDate: utcDay(5), endDate: utcDay(10) }]);
      // A stay just before also needs its own buffer before the next rental starts.
      const before = await book(renter, { productId: product.id, startDate: utcDay(2), endDate: utcDay(4) });
      expect(before.status).toBe(409);
      const clear = await book(renter, { productId: product.id, startDate: utcDay(10), endDate: utcDay(12) });
      expect(clear.status).toBe(201);
      expect(clear.body.heldUntil).toBe(utcDay(14));
    });

    it('refuses dates the owner blocked', async () => {
      const product = await createProduct(t, owner);
      const block = await t.http
        .post(`/api/v1/products/${product.id}/blocks`)
        .set(owner.auth)
        .send({ startDate: utcDay(10), endDate: utcDay(12) });
      expect(block.status).toBe(201);
      const res = await book(renter, { productId: product.id, startDate: utcDay(11), endDate: utcDay(14) });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'RENTAL.OVERLAP',
        conflicts: [{ startDate: utcDay(10), endDate: utcDay(12) }],
      });
      expect(await holdingRows(product.id)).toBe(0);
    });

    it('frees the dates once a request is declined or cancelled', async () => {
      const product = await createProduct(t, owner);
      const first = await createRental(t, renter, product);
      const put = await t.http
        .put(`/api/v1/rentals/${first.id}`)
        .set(renter.auth)
        .send({ status: 'cancelled' });
      expect(put.status).toBe(200);
      expect(await t.db.query('SELECT id FROM rental.holds WHERE id = $1', [first.id])).toEqual([]);
      const again = await createRental(t, renter, product);
      expect(again.id).not.toBe(first.id);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the same rental for the same key and body, and never makes a second one', async () => {
      const product = await createProduct(t, owner);
      const body = { productId: product.id, startDate: utcDay(3), endDate: utcDay(6), notes: 'hello' };
      const key = { 'Idempotency-Key': `rent-${randomUUID()}` };
      const first = await book(renter, body, key);
      const again = await book(renter, body, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await holdingRows(product.id)).toBe(1);
    });

    it('refuses the same key with another body (422) and books nothing more', async () => {
      const product = await createProduct(t, owner);
      const key = { 'Idempotency-Key': `rent-${randomUUID()}` };
      const first = await book(
        renter,
        { productId: product.id, startDate: utcDay(3), endDate: utcDay(6) },
        key,
      );
      expect(first.status).toBe(201);
      const changed = await book(
        renter,
        { productId: product.id, startDate: utcDay(10), endDate: utcDay(12) },
        key,
      );
      expect(changed.status).toBe(422);
      expect(changed.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
      expect(await holdingRows(product.id)).toBe(1);
    });

    it('gives concurrent retries with one key one rental: its answer, or 409 while it is in flight', async () => {
      const product = await createProduct(t, owner);
      const body = { productId: product.id, startDate: utcDay(3), endDate: utcDay(6) };
      const key = { 'Idempotency-Key': `rent-${randomUUID()}` };
      const answers = await Promise.all(Array.from({ length: 8 }, () => book(renter, body, key)));
      const rental = expectOneAnswerOrInProgress(answers, 201);
      const later = await book(renter, body, key);
      expect({ status: later.status, body: later.body }).toEqual({ status: 201, body: rental });
      expect(await holdingRows(product.id)).toBe(1);
    });

    it('rejects a malformed key (400)', async () => {
      const product = await createProduct(t, owner);
      const res = await book(
        renter,
        { productId: product.id, startDate: utcDay(3), endDate: utcDay(6) },
        {
          'Idempotency-Key': 'short',
        },
      );
      expect(res.status).toBe(400);
      expect(await holdingRows(product.id)).toBe(0);
    });
  });
});
