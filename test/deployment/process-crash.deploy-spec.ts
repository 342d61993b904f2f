import { utcDay } from '../support/rental.factory';
import type { StubbedResponse } from '../support/stripe-fixture-server';
import { StripeFixtureServer } from '../support/stripe-fixture-server';
import { eventually } from '../support/waiting';
import { composeSplit, Deployment } from './support/deployment';
import { ownProduct, renterWithCard } from './support/user-journey';

const SPLIT = composeSplit();

/**
 * kill -9 of the process hosting payment while it is asking Stripe to hold a renter's money: the
 * event that asked is redelivered after the restart and the hold is asked again with the same
 * idempotency key, so Stripe (this fixture server acts once per key, as Stripe does) holds once.
 */
describe('deployment: the payment process killed in the middle of a booking', () => {
  let server: StripeFixtureServer;
  let d: Deployment;
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    server.replaysByIdempotencyKey = true;
    d = await Deployment.start(SPLIT, {
      PAYOUTS_REQUIRE_ONBOARDING: 'false',
      STRIPE_SECRET_KEY: 'sk_test_fixtureserver',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(server.port),
      STRIPE_API_PROTOCOL: 'http',
      // A killed process's lease on the intent (intent-reconciler: 120 s, longer than any gateway
      // call) must lapse before another takes the hold over; the reconcile job then looks each second.
      PAYMENT_RECONCILE_INTERVAL_MS: '1000',
    });
  }, 240_000);
  afterAll(async () => {
    await d?.close();
    await server?.close();
  });

  const held =
    (id: string, amount: number) =>
    (pi: Record<string, unknown>): StubbedResponse => ({
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
  /** Stripe's distinct operations on a path: a request sent again with its key is the same one. */
  const operations = (path: RegExp) =>
    new Set(
      server.requests
        .filter((r) => r.method === 'POST' && path.test(r.path))
        .map((r) => r.headers['idempotency-key']),
    );

  it('holds and captures once, leaves no hold unrecorded, and the ledger balances', async () => {
    const { owner, productId } = await ownProduct(d);
    const renter = await renterWithCard(d);
    const hold = server.holdOnce('POST', /^\/v1\/payment_intents$/);
    const booked = await renter.api.POST('/api/v1/rentals', {
      body: { productId, startDate: utcDay(3), endDate: utcDay(6) },
    });
    expect(booked.response.status).toBe(201);
    const rental = booked.data!;
    const charge = rental.quote.subtotal + rental.quote.platformFee;
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held('pi_crash_charge', charge));
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held('pi_crash_deposit', rental.quote.deposit));

    // Payment (rental-payment's process) is asking Stripe for the hold: it dies before the answer.
    await hold.reached;
    await d.kill('rental-payment');
    hold.release();
    await d.restart('rental-payment');

    const intentOf = async () =>
      (
        await d.db.query(
          `SELECT i.status, i.needs_reconcile,
                  array_agg(l.gateway_intent_id ORDER BY l.kind) FILTER (WHERE l.gateway_intent_id IS NOT NULL) AS ids
             FROM payment.payment_intents i LEFT JOIN payment.payment_legs l ON l.intent_id = i.id
            WHERE i.rental_id = $1 GROUP BY i.id`,
          [rental.id],
        )
      ).rows;
    await eventually(async () => (await intentOf())[0]?.status === 'authorized', 200_000).catch(
      async (error: Error) => {
        throw new Error(`${error.message}: ${JSON.stringify(await intentOf())}\n${d.logs()}`);
      },
    );

    server.respondOnce('POST', /\/v1\/payment_intents\/pi_crash_charge\/capture$/, (pi) => ({
      status: 200,
      body: { ...pi, status: 'succeeded', amount: charge, amount_received: charge },
    }));
    const accepted = await owner.api.PUT('/api/v1/rentals/{id}', {
      params: { path: { id: rental.id } },
      body: { status: 'accepted' },
    });
    expect(accepted.response.status).toBe(200);
    // Captured, and the reconciler done with it (it clears its flag in a transaction of its own).
    await eventually(async () => {
      const [intent] = await intentOf();
      return intent?.status === 'captured' && !intent.needs_reconcile;
    }, 60_000);

    // One payment intent for the rental, its two holds recorded (nothing held at Stripe unknown here).
    const intents = await intentOf();
    expect(intents).toEqual([
      { status: 'captured', needs_reconcile: false, ids: ['pi_crash_charge', 'pi_crash_deposit'] },
    ]);
    // Stripe was asked for two holds (charge, deposit) and one capture, whatever was sent again.
    expect(operations(/^\/v1\/payment_intents$/).size).toBe(2);
    expect(operations(/\/capture$/).size).toBe(1);
    const [{ total }] = (
      await d.db.query(
        'SELECT coalesce(sum(amount), 0)::int AS total FROM payment.ledger_entries WHERE rental_id = $1',
        [rental.id],
      )
    ).rows;
    expect(total).toBe(0);
  }, 300_000);
});
