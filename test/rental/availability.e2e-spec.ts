import { randomUUID } from 'node:crypto';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createRental, utcDay } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

describe('rental: availability, quotes and calendar', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  beforeAll(async () => {
    // Many writes from the same few users: the per-user write limit is not what is tested here.
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
    [owner, renter] = await Promise.all([signUp(t.http), signUp(t.http)]);
  });
  afterAll(() => t.close());

  const check = (body: Record<string, unknown>) => t.http.post('/api/v1/availability').send(body);

  describe('POST /availability', () => {
    it('prices a free stay without an account, weekly price applied where cheaper', async () => {
      const product = await createProduct(t, owner, {
        pricing: { dailyPrice: 1000, weeklyPrice: 6000, deposit: 2500, currency: 'EUR' },
      });
      const res = await check({ productId: product.id, startDate: utcDay(1), endDate: utcDay(14) });
      expect(res.status).toBe(200);
      // 13 days: one week (6000) + 6 days capped at one weekly price (6000).
      expect(res.body).toEqual({
        available: true,
        conflicts: [],
        quote: {
          currency: 'EUR',
          rentalDays: 13,
          subtotal: 12000,
          platformFee: 1200,
          deposit: 2500,
          total: 15700,
        },
        // Flexible by default, starting tomorrow (within 24 h of its 00:00 UTC): half the subtotal now.
        cancellation: {
          policy: 'flexible',
          startsAt: `${utcDay(1)}T00:00:00.000Z`,
          windows: [
            { until: `${utcDay(0)}T00:00:00.000Z`, refundPercent: 100, refund: 12000 },
            { until: null, refundPercent: 50, refund: 6000 },
          ],
          fullRefundUntil: null,
          ifCancelledNow: {
            basis: 'policy',
            refundPercent: 50,
            refund: 6000,
            platformFeeRefunded: false,
            until: null,
          },
        },
      });
      expect(await t.db.query('SELECT id FROM rental.rentals WHERE product_id = $1', [product.id])).toEqual(
        [],
      );
    });

    it.each([
      [1, 1000],
      [5, 5000],
      [7, 6000],
      [8, 7000],
    ])('quotes %i days at %i', async (days, subtotal) => {
      const product = await createProduct(t, owner, {
        pricing: { dailyPrice: 1000, weeklyPrice: 6000, deposit: 0, currency: 'EUR' },
      });
      const res = await check({ productId: product.id, startDate: utcDay(1), endDate: utcDay(1 + days) });
      expect(res.body.quote).toMatchObject({ rentalDays: days, subtotal, total: subtotal + subtotal / 10 });
    });

    it('lists the held ranges the stay overlaps, buffer days included', async () => {
      const product = await createProduct(t, owner, {
        rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 1 },
      });
      await createRental(t, renter, product, { startDate: utcDay(3), endDate: utcDay(5) });
      await createRental(t, renter, product, { startDate: utcDay(8), endDate: utcDay(9) });
      const res = await check({ productId: product.id, startDate: utcDay(2), endDate: utcDay(9) });
      expect(res.status).toBe(200);
      expect(res.body.available).toBe(false);
      expect(res.body.conflicts).toEqual([
        { startDate: utcDay(3), endDate: utcDay(6) },
        { startDate: utcDay(8), endDate: utcDay(10) },
      ]);
      const free = await check({ productId: product.id, startDate: utcDay(6), endDate: utcDay(7) });
      expect(free.body).toMatchObject({ available: true, conflicts: [] });
    });

    it('applies the booking rules: 422 with a clear message', async () => {
      const product = await createProduct(t, owner, {
        rules: { minDays: 3, maxDays: 7, leadTimeDays: 1, bufferDays: 0 },
      });
      const cases: [number, number, string, string][] = [
        [
          -1,
          3,
          'RENTAL.DATES_IN_PAST',
          `startDate ${utcDay(-1)} is in the past (today is ${utcDay(0)}, UTC)`,
        ],
        [0, 3, 'RENTAL.LEAD_TIME', `The owner needs 1 day of notice: the earliest start is ${utcDay(1)}`],
        [2, 4, 'RENTAL.TOO_SHORT', 'This product is rented for at least 3 days; 2 days requested'],
        [2, 10, 'RENTAL.TOO_LONG', 'This product is rented for at most 7 days; 8 days requested'],
      ];
      for (const [start, end, code, detail] of cases) {
        const res = await check({ productId: product.id, startDate: utcDay(start), endDate: utcDay(end) });
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code, detail });
      }
    });

    it('answers 404 for an unknown product and 409 for one that cannot be rented', async () => {
      const missing = await check({ productId: randomUUID(), startDate: utcDay(1), endDate: utcDay(3) });
      expect(missing.status).toBe(404);
      const paused = await createProduct(t, owner, { status: 'paused' });
      const res = await check({ productId: paused.id, startDate: utcDay(1), endDate: utcDay(3) });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('RENTAL.PRODUCT_NOT_RENTABLE');
    });

    it('validates the body (422)', async () => {
      const res = await check({
        productId: randomUUID(),
        startDate: '01/07/2030',
        endDate: utcDay(3),
        extra: 1,
      });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'startDate']);
    });
  });

  describe('GET /products/:id/calendar', () => {
    it('shows booked and blocked ranges to anyone, never who booked', async () => {
      const product = await createProduct(t, owner, {
        rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 1 },
      });
      await createRental(t, renter, product, { startDate: utcDay(2), endDate: utcDay(4) });
      const block = await t.http
        .post(`/api/v1/products/${product.id}/blocks`)
        .set(owner.auth)
        .send({ startDate: utcDay(10), endDate: utcDay(12), reason: 'Holiday' });
      expect(block.status).toBe(201);
      const res = await t.http.get(`/api/v1/products/${product.id}/calendar`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        productId: product.id,
        from: utcDay(0),
        to: utcDay(90),
        ranges: [
          { startDate: utcDay(2), endDate: utcDay(5), kind: 'booked' },
          { startDate: utcDay(10), endDate: utcDay(12), kind: 'blocked' },
        ],
      });
      expect(JSON.stringify(res.body)).not.toContain(renter.id);

      const window = await t.http
        .get(`/api/v1/products/${product.id}/calendar`)
        .query({ from: utcDay(5), to: utcDay(11) });
      expect(window.body.ranges).toEqual([{ startDate: utcDay(10), endDate: utcDay(12), kind: 'blocked' }]);
    });

    it('refuses a bad window or a malformed product id (422) and an unknown product (404)', async () => {
      const product = await createProduct(t, owner);
      const backwards = await t.http
        .get(`/api/v1/products/${product.id}/calendar`)
        .query({ from: utcDay(5), to: utcDay(5) });
      expect(backwards.status).toBe(422);
      const tooWide = await t.http
        .get(`/api/v1/products/${product.id}/calendar`)
        .query({ from: utcDay(0), to: utcDay(400) });
      expect(tooWide.status).toBe(422);
      const badDate = await t.http.get(`/api/v1/products/${product.id}/calendar`).query({ from: 'tomorrow' });
      expect(badDate.status).toBe(422);
      expect((await t.http.get(`/api/v1/products/${randomUUID()}/calendar`)).status).toBe(404);
      expectMalformedId(await t.http.get(`/api/v1/products/not-a-uuid/calendar`), 'productId');
    });
  });

  describe('owner blocks', () => {
    const blocks = (productId: string) => `/api/v1/products/${productId}/blocks`;

    it('lets the owner block, list and free dates', async () => {
      const product = await createProduct(t, owner);
      const created = await t.http
        .post(blocks(product.id))
        .set(owner.auth)
        .send({ startDate: utcDay(3), endDate: utcDay(6), reason: ' Repairs ' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        productId: product.id,
        startDate: utcDay(3),
        endDate: utcDay(6),
        reason: 'Repairs',
        createdAt: expect.any(String),
      });
      expect(
        await t.db.query('SELECT block_id, period::text AS period FROM rental.holds WHERE id = $1', [
          created.body.id,
        ]),
      ).toEqual([{ block_id: created.body.id, period: `[${utcDay(3)},${utcDay(6)})` }]);
      const list = await t.http.get(blocks(product.id)).set(owner.auth);
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([created.body]);

      const del = await t.http.delete(`${blocks(product.id)}/${created.body.id}`).set(owner.auth);
      expect(del.status).toBe(204);
      expect(await t.db.query('SELECT id FROM rental.blocks WHERE id = $1', [created.body.id])).toEqual([]);
      expect(await t.db.query('SELECT id FROM rental.holds WHERE id = $1', [created.body.id])).toEqual([]);
      expect((await t.http.delete(`${blocks(product.id)}/${created.body.id}`).set(owner.auth)).status).toBe(
        404,
      );
      // The dates are free again.
      await createRental(t, renter, product, { startDate: utcDay(3), endDate: utcDay(6) });
    });

    it('hides the blocks of a product from anyone but its owner (404)', async () => {
      const product = await createProduct(t, owner);
      const created = await t.http
        .post(blocks(product.id))
        .set(owner.auth)
        .send({ startDate: utcDay(3), endDate: utcDay(6) });
      const stranger = renter;
      const post = await t.http
        .post(blocks(product.id))
        .set(stranger.auth)
        .send({ startDate: utcDay(8), endDate: utcDay(9) });
      const list = await t.http.get(blocks(product.id)).set(stranger.auth);
      const del = await t.http.delete(`${blocks(product.id)}/${created.body.id}`).set(stranger.auth);
      expect([post.status, list.status, del.status]).toEqual([404, 404, 404]);
      expect(
        await t.db.query('SELECT count(*)::int AS n FROM rental.blocks WHERE product_id = $1', [product.id]),
      ).toEqual([{ n: 1 }]);
      expect(
        (await t.http.post(blocks(product.id)).send({ startDate: utcDay(8), endDate: utcDay(9) })).status,
      ).toBe(401);
    });

    it('refuses a block over a holding rental (409 naming it), and blocks over blocks', async () => {
      const product = await createProduct(t, owner, {
        rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 2 },
      });
      await createRental(t, renter, product, { startDate: utcDay(3), endDate: utcDay(5) });
      const overRental = await t.http
        .post(blocks(product.id))
        .set(owner.auth)
        .send({ startDate: utcDay(6), endDate: utcDay(8) });
      expect(overRental.status).toBe(409);
      expect(overRental.body).toMatchObject({
        code: 'RENTAL.OVERLAP',
        conflicts: [{ startDate: utcDay(3), endDate: utcDay(7) }],
      });
      const ok = await t.http
        .post(blocks(product.id))
        .set(owner.auth)
        .send({ startDate: utcDay(7), endDate: utcDay(9) });
      expect(ok.status).toBe(201);
      const overBlock = await t.http
        .post(blocks(product.id))
        .set(owner.auth)
        .send({ startDate: utcDay(8), endDate: utcDay(10) });
      expect(overBlock.status).toBe(409);
      expect(overBlock.body.conflicts).toEqual([{ startDate: utcDay(7), endDate: utcDay(9) }]);
    });

    it.each([
      [{ startDate: utcDay(-2), endDate: utcDay(2) }, 'RENTAL.DATES_IN_PAST'],
      [{ startDate: utcDay(4), endDate: utcDay(4) }, 'RENTAL.INVALID_RANGE'],
      [{ startDate: utcDay(1), endDate: utcDay(400) }, 'RENTAL.BLOCK_TOO_LONG'],
      [{ startDate: utcDay(731), endDate: utcDay(738) }, 'RENTAL.BLOCK_TOO_FAR_AHEAD'],
      [{ startDate: utcDay(1), endDate: utcDay(3), reason: 'x'.repeat(201) }, 'VALIDATION.FAILED'],
      [{ startDate: utcDay(1) }, 'VALIDATION.FAILED'],
    ])('refuses a bad block %j (422 %s)', async (body, code) => {
      const product = await createProduct(t, owner);
      const res = await t.http.post(blocks(product.id)).set(owner.auth).send(body);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe(code);
    });

    it('blames startDate, not the length, for a 7-day block too far ahead, and stores nothing', async () => {
      const product = await createProduct(t, owner);
      const res = await t.http
        .post(blocks(product.id))
        .set(owner.auth)
        .send({ startDate: utcDay(800), endDate: utcDay(807) });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'RENTAL.BLOCK_TOO_FAR_AHEAD',
        errors: [{ field: 'startDate', message: expect.stringMatching(/at most 730 days ahead/) }],
      });
      const stored = await t.db.query('SELECT 1 FROM rental.blocks WHERE product_id = $1', [product.id]);
      expect(stored).toEqual([]);
    });
  });
});
