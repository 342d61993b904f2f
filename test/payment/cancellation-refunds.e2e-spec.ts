import type { RentalEventPayload } from '../../src/modules/rental';
import { RentalCancelled } from '../../src/modules/rental';
import { EventBus } from '../../src/platform/events/event-bus';
import type { IntegrationEvent } from '../../src/platform/events/integration-event';
import type { ProductBody } from '../support/catalog.factory';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { drain, journalsOf, ledgerOf, rentalIntent } from '../support/payment.factory';
import type { RentalBody } from '../support/rental.factory';
import { createRental, moveRental, runRentalJob, utcDay } from '../support/rental.factory';
import { StripeFixtureServer } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

type Policy = 'flexible' | 'moderate' | 'strict';

/**
 * Cancellation refunds end to end: rental decides the refund by the listing's policy and publishes
 * it in RentalCancelled; payment refunds exactly that through the real `stripe` SDK against the
 * local Stripe fixture server. Each case asserts what Stripe received (refund requests, amounts,
 * idempotency keys) and what the ledger holds.
 */
describe('payment: cancellation refunds by policy, through Stripe', () => {
  let server: StripeFixtureServer;
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    t = await createTestApp({
      STRIPE_SECRET_KEY: 'sk_test_fixtureserver',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(server.port),
      STRIPE_API_PROTOCOL: 'http',
      EVENTS_RELAY_INTERVAL_MS: '0',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    [owner, renter] = await Promise.all([signUp(t.http), signUp(t.http)]);
    const method = await t.http
      .post('/api/v1/payment/payment-methods')
      .set(renter.auth)
      .send({ token: 'pm_card_visa' });
    expect(method.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  // 2501 a day for 3 days: a subtotal of 7503, whose half rounds down to 3751; a fee of 750.
  const product = (policy: Policy) =>
    createProduct(t, owner, {
      pricing: { dailyPrice: 2501, deposit: 4000, currency: 'EUR' },
      rules: { cancellationPolicy: policy },
    });

  interface Paid {
    rental: RentalBody;
    charge: string;
    deposit: string;
  }
  let next = 0;
  /** A rental whose charge and deposit Stripe holds, and (unless told) captured on acceptance. */
  async function paidRental(p: ProductBody, startInDays: number, accept = true): Promise<Paid> {
    const n = ++next;
    const paid = { charge: `pi_charge_${n}`, deposit: `pi_deposit_${n}` };
    const rental = await createRental(t, renter, p, {
      startDate: utcDay(startInDays),
      endDate: utcDay(startInDays + 3),
    });
    const chargeAmount = rental.quote.subtotal + rental.quote.platformFee;
    const held = (id: string, amount: number) => (pi: Record<string, unknown>) => ({
      status: 200,
      body: {
        ...pi,
        id,
        status: 'requires_capture',
        amount,
        amount_capturable: amount,
        last_payment_error: null,
      },
    });
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held(paid.charge, chargeAmount));
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held(paid.deposit, rental.quote.deposit));
    await drain(t);
    expect((await rentalIntent(t, renter, rental.id))!.status).toBe('authorized');
    if (accept) {
      server.respondOnce('POST', new RegExp(`/${paid.charge}/capture$`), (pi) => ({
        status: 200,
        body: { ...pi, status: 'succeeded', amount: chargeAmount, amount_received: chargeAmount },
      }));
      await moveRental(t, rental, owner, 'accepted');
      await drain(t);
      expect((await rentalIntent(t, renter, rental.id))!.status).toBe('captured');
    }
    return { rental, ...paid };
  }
  /** Stripe's answer to releasing a hold. */
  const releases = (id: string) =>
    server.respondOnce('POST', new RegExp(`/${id}/cancel$`), (pi) => ({
      status: 200,
      body: { ...pi, status: 'canceled', amount_capturable: 0 },
    }));
  // Stripe acts once per idempotency key: a request the SDK retried (same key) is one operation.
  const onceByKey = <T extends { key: unknown }>(requests: T[]) => [
    ...new Map(requests.map((r) => [r.key, r])).values(),
  ];
  const refundsAtStripe = (chargeId: string) =>
    onceByKey(
      server.requests
        .filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && r.form.payment_intent === chargeId)
        .map((r) => ({ amount: Number(r.form.amount), key: r.headers['idempotency-key'] })),
    );
  const releasesAtStripe = (id: string) =>
    onceByKey(
      server.requests
        .filter((r) => r.method === 'POST' && r.path === `/v1/payment_intents/${id}/cancel`)
        .map((r) => ({ key: r.headers['idempotency-key'] })),
    ).length;
  const balanced = (ledger: Record<string, number>) =>
    expect(Object.values(ledger).reduce((a, b) => a + b, 0)).toBe(0);

  it.each([
    // policy, start in days, refund of the 7503 subtotal
    ['flexible', 3, 7503], // before the 24 h cut-off: everything
    ['flexible', 1, 3751], // after it: half
    ['moderate', 7, 7503], // before the 5-day cut-off
    ['moderate', 3, 3751], // between 5 days and 24 h
    ['moderate', 1, 0], // within 24 h
    ['strict', 9, 3751], // before the 7-day cut-off: half
    ['strict', 5, 0], // after it
  ] as [Policy, number, number][])(
    '%s, starting in %i days: the renter cancelling is refunded %i at Stripe, the fee kept, the ledger balanced',
    async (policy, startInDays, refund) => {
      const { rental, charge, deposit } = await paidRental(await product(policy), startInDays);
      const { subtotal, platformFee } = rental.quote;
      expect([subtotal, platformFee]).toEqual([7503, 750]);
      releases(deposit);
      const cancelled = await moveRental(t, rental, renter, 'cancelled');
      expect(cancelled.cancellationRefund).toBe(refund);
      await drain(t);

      expect(refundsAtStripe(charge)).toEqual(
        refund > 0 ? [{ amount: refund, key: `rental-${rental.id}-charge-refund-0` }] : [],
      );
      expect(releasesAtStripe(deposit)).toBe(1);
      expect(await rentalIntent(t, renter, rental.id)).toMatchObject({
        status: refund > 0 ? 'refunded' : 'succeeded',
        amountCaptured: subtotal + platformFee,
        amountRefunded: refund,
        depositStatus: 'released',
      });
      const ledger = await ledgerOf(t, rental.id);
      expect(ledger).toEqual({
        payer_funds: -(subtotal + platformFee - refund),
        held_charge: 0,
        held_deposit: 0,
        owner_payable: subtotal - refund,
        platform_fee: platformFee,
      });
      balanced(ledger);
      expect(await journalsOf(t, rental.id)).toEqual(
        [
          'authorization:charge',
          'authorization:deposit',
          'capture:charge',
          'release:deposit',
          ...(refund > 0 ? ['refund:charge'] : []),
        ].sort(),
      );
    },
  );

  it('the owner cancelling is refunded in full at Stripe, fee included, whatever the policy and the time left', async () => {
    const { rental, charge, deposit } = await paidRental(await product('strict'), 1);
    releases(deposit);
    await moveRental(t, rental, owner, 'cancelled');
    await drain(t);
    const everything = rental.quote.subtotal + rental.quote.platformFee;
    expect(refundsAtStripe(charge)).toEqual([
      { amount: everything, key: `rental-${rental.id}-charge-refund-0` },
    ]);
    const ledger = await ledgerOf(t, rental.id);
    expect(ledger).toEqual({
      payer_funds: 0,
      held_charge: 0,
      held_deposit: 0,
      owner_payable: 0,
      platform_fee: 0,
    });
  });

  it('declines, expiries and withdrawn requests release both holds at Stripe: nothing captured, nothing refunded', async () => {
    const p = await product('strict');
    const declined = await paidRental(p, 2, false);
    const expiring = await paidRental(p, 6, false);
    const withdrawn = await paidRental(p, 10, false);
    for (const paid of [declined, expiring, withdrawn]) {
      releases(paid.charge);
      releases(paid.deposit);
    }
    await moveRental(t, declined.rental, owner, 'declined');
    await moveRental(t, withdrawn.rental, renter, 'cancelled');
    await runRentalJob(t, 'rental.expire-requests', new Date(Date.now() + 3 * 86_400_000));
    await drain(t);
    for (const paid of [declined, expiring, withdrawn]) {
      expect(releasesAtStripe(paid.charge)).toBe(1);
      expect(releasesAtStripe(paid.deposit)).toBe(1);
      expect(refundsAtStripe(paid.charge)).toEqual([]);
      expect((await rentalIntent(t, renter, paid.rental.id))!).toMatchObject({
        status: 'canceled',
        amountCaptured: 0,
        amountRefunded: 0,
      });
      expect(await ledgerOf(t, paid.rental.id)).toEqual({ payer_funds: 0, held_charge: 0, held_deposit: 0 });
    }
  });

  it('20 racing cancellations by the renter and the owner: one outcome, one refund at Stripe, a balanced ledger', async () => {
    // moderate, three days ahead: the renter would get half the subtotal, the owner would refund all.
    const { rental, charge, deposit } = await paidRental(await product('moderate'), 3);
    releases(deposit);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http
          .put(`/api/v1/rentals/${rental.id}`)
          .set((i % 2 === 0 ? renter : owner).auth)
          .send({ status: 'cancelled' }),
      ),
    );
    // Losers see the rental already cancelled (a no-op 200), or a 409 if it kept changing under them.
    for (const a of answers) expect([200, 409]).toContain(a.status);
    const ok = answers.filter((a) => a.status === 200).map((a) => a.body as RentalBody);
    expect(ok.length).toBeGreaterThan(0);
    const [row] = await t.db.query(
      'SELECT status, cancelled_by, cancellation_refund::int AS refund FROM rental.rentals WHERE id = $1',
      [rental.id],
    );
    const everything = rental.quote.subtotal + rental.quote.platformFee;
    expect(row).toEqual(
      row.cancelled_by === 'owner'
        ? { status: 'cancelled', cancelled_by: 'owner', refund: everything }
        : { status: 'cancelled', cancelled_by: 'renter', refund: 3751 },
    );
    for (const body of ok)
      expect(body).toMatchObject({
        status: 'cancelled',
        cancelledBy: row.cancelled_by,
        cancellationRefund: row.refund,
      });
    const events: { payload: RentalEventPayload; id: string; type: string; occurred_at: Date }[] =
      await t.db.query(
        `SELECT id, type, payload, occurred_at FROM rental.outbox_events
         WHERE payload->>'rentalId' = $1 AND type = 'rental.RentalCancelled'`,
        [rental.id],
      );
    expect(events).toHaveLength(1);
    const [{ n: cancellations }] = await t.db.query(
      `SELECT count(*)::int AS n FROM rental.rental_history WHERE rental_id = $1 AND to_status = 'cancelled'`,
      [rental.id],
    );
    expect(cancellations).toBe(1);

    await drain(t);
    // Delivered again (at least once): payment refunds nothing more.
    const again: IntegrationEvent<RentalEventPayload> = RentalCancelled.create(events[0].payload);
    for (const s of t.app
      .get(EventBus)
      .subscribersOf(again)
      .filter((s) => s.inbox === 'payment'))
      await t.db.transaction((m) => s.handle(again, m));

    expect(refundsAtStripe(charge)).toEqual([
      { amount: row.refund, key: `rental-${rental.id}-charge-refund-0` },
    ]);
    expect(releasesAtStripe(deposit)).toBe(1);
    const ledger = await ledgerOf(t, rental.id);
    balanced(ledger);
    // 0 - x, not -x: a full refund leaves 0, whose negation -0 is not toBe(0).
    expect(0 - ledger.payer_funds).toBe(everything - row.refund);
    const [{ refunds }] = await t.db.query(
      `SELECT count(DISTINCT journal_key)::int AS refunds FROM payment.ledger_entries
       WHERE rental_id = $1 AND journal_type = 'refund'`,
      [rental.id],
    );
    expect(refunds).toBe(1);
  });
});
