import { RentalUpdatesService } from '../../src/modules/rental/application/rental-updates.service';
import { randomUUID } from 'node:crypto';
import { EventRelay } from '../../src/platform/events/event-relay';
import type { ProductBody } from '../support/catalog.factory';
import { createProduct, signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { RentalBody } from '../support/rental.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import { suspend } from '../support/sanction.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

type Policy = 'flexible' | 'moderate' | 'strict';

/**
 * Cancellation policies through the real HTTP API: the listing's policy is fixed on each rental at
 * its request, and a cancellation stores, returns and publishes the refund the policy gives at that
 * moment. Stays start whole days ahead of the real clock, so each case sits a day or more from a
 * cut-off; the exact instants are pinned through the service's clock, and the domain's unit tests
 * cover every boundary to the millisecond.
 */
describe('rental: cancellation policies', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  const products = {} as Record<Policy, ProductBody>;
  beforeAll(async () => {
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
    [owner, renter] = await Promise.all([signUp(t.http), signUp(t.http)]);
    // 2501 a day: three days are 7503, whose half rounds down to 3751.
    for (const policy of ['flexible', 'moderate', 'strict'] as const)
      products[policy] = await createProduct(t, owner, {
        pricing: { dailyPrice: 2501, deposit: 4000, currency: 'EUR' },
        rules: { cancellationPolicy: policy },
      });
  });
  afterAll(() => t.close());

  const book = (policy: Policy, startInDays: number) =>
    createRental(t, renter, products[policy], {
      startDate: utcDay(startInDays),
      endDate: utcDay(startInDays + 3),
    });
  const accepted = async (policy: Policy, startInDays: number) => {
    const rental = await book(policy, startInDays);
    await moveRental(t, rental, owner, 'accepted');
    return rental;
  };
  const stored = async (id: string) =>
    (
      await t.db.query(
        `SELECT status, cancelled_by, cancellation_policy, cancellation_refund::int AS refund
         FROM rental.rentals WHERE id = $1`,
        [id],
      )
    )[0];
  const cancelledEvent = async (id: string) =>
    (
      await t.db.query(
        `SELECT payload FROM rental.outbox_events WHERE payload->>'rentalId' = $1 AND type = 'rental.RentalCancelled'`,
        [id],
      )
    ).map((r: { payload: Record<string, unknown> }) => r.payload);

  it.each([
    // policy, start in days, percent of the subtotal (7503) back
    ['flexible', 3, 100, 7503], // more than 24 h ahead
    ['flexible', 1, 50, 3751], // within 24 h of 00:00 UTC tomorrow
    ['moderate', 7, 100, 7503], // more than 5 days ahead
    ['moderate', 3, 50, 3751], // within 5 days, more than 24 h
    ['moderate', 1, 0, 0], // within 24 h
    ['strict', 9, 50, 3751], // more than 7 days ahead
    ['strict', 5, 0, 0], // within 7 days
  ] as [Policy, number, number, number][])(
    '%s, a stay starting in %i days: the renter cancelling gets %i%% of the subtotal (%i), never the fee',
    async (policy, startInDays, percent, amount) => {
      const rental = await accepted(policy, startInDays);
      expect(rental.cancellationPolicy).toBe(policy);
      const res = await t.http
        .put(`/api/v1/rentals/${rental.id}`)
        .set(renter.auth)
        .send({ status: 'cancelled' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'renter',
        cancellationPolicy: policy,
        cancellationRefund: amount,
      });
      expect(await stored(rental.id)).toEqual({
        status: 'cancelled',
        cancelled_by: 'renter',
        cancellation_policy: policy,
        refund: amount,
      });
      const [event] = await cancelledEvent(rental.id);
      expect(event).toMatchObject({ previousStatus: 'accepted', cancelledBy: 'renter' });
      expect(event.refund).toEqual({
        policy,
        basis: 'policy',
        refundPercent: percent,
        amount,
        platformFeeRefunded: false,
      });
    },
  );

  it.each(['flexible', 'moderate', 'strict'] as const)(
    '%s: the owner cancelling refunds everything, subtotal and fee, even within a day of the start',
    async (policy) => {
      const rental = await accepted(policy, 1);
      const res = await t.http
        .put(`/api/v1/rentals/${rental.id}`)
        .set(owner.auth)
        .send({ status: 'cancelled' });
      expect(res.status).toBe(200);
      const everything = rental.quote.subtotal + rental.quote.platformFee;
      expect(res.body).toMatchObject({ cancelledBy: 'owner', cancellationRefund: everything });
      const [event] = await cancelledEvent(rental.id);
      expect(event.refund).toEqual({
        policy,
        basis: 'owner',
        refundPercent: 100,
        amount: everything,
        platformFeeRefunded: true,
      });
    },
  );

  it('strict: a renter withdrawing a request the owner has not accepted gets everything back', async () => {
    const rental = await book('strict', 1);
    const res = await t.http
      .put(`/api/v1/rentals/${rental.id}`)
      .set(renter.auth)
      .send({ status: 'cancelled' });
    expect(res.status).toBe(200);
    const everything = rental.quote.subtotal + rental.quote.platformFee;
    expect(res.body.cancellationRefund).toBe(everything);
    const [event] = await cancelledEvent(rental.id);
    expect(event.refund).toMatchObject({ basis: 'before_acceptance', amount: everything });
  });

  it('keeps the policy the listing had when the rental was requested', async () => {
    const product = await createProduct(t, owner, { rules: { cancellationPolicy: 'flexible' } });
    const rental = await createRental(t, renter, product, {
      startDate: utcDay(4),
      endDate: utcDay(6),
    });
    await moveRental(t, rental, owner, 'accepted');
    const changed = await t.http
      .put(`/api/v1/products/${product.id}`)
      .set(owner.auth)
      .send({ rules: { cancellationPolicy: 'strict' } });
    expect(changed.status).toBe(200);
    const detail = await t.http.get(`/api/v1/rentals/${rental.id}`).set(renter.auth);
    expect(detail.body.cancellationPolicy).toBe('flexible');
    const res = await moveRental(t, rental, renter, 'cancelled');
    // Under strict, 4 days ahead would refund nothing; under the rental's flexible, everything.
    expect(res.cancellationRefund).toBe(rental.quote.subtotal);
  });

  it('decides at the exact cut-off instant by the clock of the cancellation (pinned here)', async () => {
    // flexible: a full refund up to 24 h before 00:00 UTC of the start date, that instant included.
    const updates = t.app.get(RentalUpdatesService);
    const cancelAt = async (startInDays: number, msAfterCutOff: number) => {
      const rental = await accepted('flexible', startInDays);
      const cutOff = Date.parse(`${utcDay(startInDays - 1)}T00:00:00.000Z`);
      const at = new Date(cutOff + msAfterCutOff);
      return (await updates.update(renter.id, rental.id, { status: 'cancelled' }, at)).id;
    };
    const before = await cancelAt(20, -1);
    const exactly = await cancelAt(25, 0);
    const after = await cancelAt(30, 1);
    expect((await stored(before)).refund).toBe(7503);
    expect((await stored(exactly)).refund).toBe(7503);
    expect((await stored(after)).refund).toBe(3751);
    expect((await cancelledEvent(after))[0].refund).toMatchObject({ refundPercent: 50, amount: 3751 });
  });

  it('a decline stores and publishes no refund: nothing was taken, payment releases the holds', async () => {
    const declined = await book('strict', 12);
    await moveRental(t, declined, owner, 'declined');
    expect(await stored(declined.id)).toMatchObject({ status: 'declined', refund: null });
    expect(await cancelledEvent(declined.id)).toEqual([]);
  });

  it('refuses a client-chosen refund or policy (422, unknown fields) and changes nothing', async () => {
    const rental: RentalBody = await accepted('strict', 14);
    for (const body of [
      { status: 'cancelled', cancellationRefund: rental.quote.total },
      { status: 'cancelled', cancellationPolicy: 'flexible' },
    ]) {
      const res = await t.http.put(`/api/v1/rentals/${rental.id}`).set(renter.auth).send(body);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await stored(rental.id)).toEqual({
      status: 'accepted',
      cancelled_by: null,
      cancellation_policy: 'strict',
      refund: null,
    });
    expect(await cancelledEvent(rental.id)).toEqual([]);
  });

  const midnight = (days: number) => `${utcDay(days)}T00:00:00.000Z`;

  it('the quote shows the policy, its windows for this stay, "full refund until", and what cancelling now would refund', async () => {
    const res = await t.http
      .post('/api/v1/availability')
      .send({ productId: products.moderate.id, startDate: utcDay(40), endDate: utcDay(43) });
    expect(res.status).toBe(200);
    expect(res.body.quote).toMatchObject({ subtotal: 7503, platformFee: 750 });
    expect(res.body.cancellation).toEqual({
      policy: 'moderate',
      startsAt: midnight(40),
      windows: [
        { until: midnight(35), refundPercent: 100, refund: 7503 },
        { until: midnight(39), refundPercent: 50, refund: 3751 },
        { until: null, refundPercent: 0, refund: 0 },
      ],
      fullRefundUntil: midnight(35),
      ifCancelledNow: {
        basis: 'policy',
        refundPercent: 100,
        refund: 7503,
        platformFeeRefunded: false,
        until: midnight(35),
      },
    });
  });

  it.each([
    ['strict', 40, null, { refundPercent: 50, refund: 3751, until: midnight(33) }],
    ['flexible', 1, null, { refundPercent: 50, refund: 3751, until: null }],
    ['moderate', 2, null, { refundPercent: 50, refund: 3751, until: midnight(1) }],
  ] as const)(
    'the quote of a %s stay starting in %i days: full refund until %s, now %j',
    async (policy, startInDays, fullRefundUntil, now) => {
      const res = await t.http.post('/api/v1/availability').send({
        productId: products[policy].id,
        startDate: utcDay(startInDays),
        endDate: utcDay(startInDays + 3),
      });
      expect(res.status).toBe(200);
      expect(res.body.cancellation.fullRefundUntil).toBe(fullRefundUntil);
      expect(res.body.cancellation.ifCancelledNow).toEqual({
        basis: 'policy',
        platformFeeRefunded: false,
        ...now,
      });
    },
  );

  it("a rental's detail shows its terms and what cancelling right now would refund, for the caller", async () => {
    const detail = async (rental: { id: string }, as: SignedUpUser) => {
      const res = await t.http.get(`/api/v1/rentals/${rental.id}`).set(as.auth);
      expect(res.status).toBe(200);
      return res.body.cancellation;
    };
    const requested = await book('moderate', 50);
    expect((await detail(requested, renter)).ifCancelledNow).toEqual({
      basis: 'before_acceptance',
      refundPercent: 100,
      refund: 7503 + 750,
      platformFeeRefunded: true,
      until: null,
    });
    expect((await detail(requested, owner)).ifCancelledNow).toBeNull(); // the owner declines instead

    const rental = await accepted('moderate', 3);
    const forRenter = await detail(rental, renter);
    expect(forRenter).toMatchObject({
      policy: 'moderate',
      startsAt: midnight(3),
      fullRefundUntil: null,
      ifCancelledNow: { basis: 'policy', refundPercent: 50, refund: 3751, until: midnight(2) },
    });
    expect((await detail(rental, owner)).ifCancelledNow).toMatchObject({
      basis: 'owner',
      refund: 7503 + 750,
    });
    // What the detail promised is what cancelling gives.
    const cancelled = await moveRental(t, rental, renter, 'cancelled');
    expect(cancelled.cancellationRefund).toBe(forRenter.ifCancelledNow.refund);
    expect((await detail(rental, renter)).ifCancelledNow).toBeNull();
  });

  it("counts an owner's cancellations on their public record; declines and renters' cancellations are not", async () => {
    const host = await signUp(t.http);
    const p = await createProduct(t, host, { rules: { cancellationPolicy: 'strict' } });
    const record = () => t.http.get(`/api/v1/users/${host.id}/owner-record`);
    expect((await record()).body).toEqual({ ownerId: host.id, acceptedRentals: 0, ownerCancellations: 0 });

    const stay = (start: number) => ({ startDate: utcDay(start), endDate: utcDay(start + 2) });
    const kept = await createRental(t, renter, p, stay(2));
    await moveRental(t, kept, host, 'accepted');
    const byRenter = await createRental(t, renter, p, stay(6));
    await moveRental(t, byRenter, host, 'accepted');
    await moveRental(t, byRenter, renter, 'cancelled');
    const declined = await createRental(t, renter, p, stay(10));
    await moveRental(t, declined, host, 'declined');
    const byHost = await createRental(t, renter, p, stay(14));
    await moveRental(t, byHost, host, 'accepted');
    const cancelled = await moveRental(t, byHost, host, 'cancelled');
    expect(cancelled.cancellationRefund).toBe(cancelled.quote.subtotal + cancelled.quote.platformFee);

    const res = await record(); // anonymous: the record is public
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ownerId: host.id, acceptedRentals: 3, ownerCancellations: 1 });
    await moveRental(t, kept, host, 'cancelled');
    expect((await record()).body).toEqual({ ownerId: host.id, acceptedRentals: 3, ownerCancellations: 2 });
    // A renter's own record counts only what they own.
    expect((await t.http.get(`/api/v1/users/${renter.id}/owner-record`).set(host.auth)).body).toEqual({
      ownerId: renter.id,
      acceptedRentals: 0,
      ownerCancellations: 0,
    });
  });

  it('an owner record is 404 for unknown and suspended accounts, 422 for a malformed id', async () => {
    const unknown = await t.http.get(`/api/v1/users/${randomUUID()}/owner-record`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('RENTAL.USER_NOT_FOUND');
    expectMalformedId(await t.http.get('/api/v1/users/not-a-uuid/owner-record'), 'id');
    const admin = await signUpAdmin(t);
    const host = await signUp(t.http);
    expect((await t.http.get(`/api/v1/users/${host.id}/owner-record`)).status).toBe(200);
    await suspend(t, admin, host);
    await t.app.get(EventRelay).drain(); // identity learns of the suspension from trust's event
    const hidden = await t.http.get(`/api/v1/users/${host.id}/owner-record`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('RENTAL.USER_NOT_FOUND');
  });
});
