import { RECONCILE_JOB } from '../../src/modules/payment/application/payment-jobs';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createProduct, signUpAdmin } from '../support/catalog.factory';
import { queueDepositRelease, returnedPaidRental } from '../support/claim.factory';
import { onboardAtStripe } from '../support/dispute.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain, journalsOf, ledgerOf, WEBHOOK_SECRET } from '../support/payment.factory';
import { HOUR, ledgerTotal, payoutRow, releasePayouts } from '../support/payout.factory';
import { moveRental, utcDay } from '../support/rental.factory';
import { StripeFixtureServer, stripeError } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

describe('payment: admin refunds (Stripe fixture server)', () => {
  let t: TestApp;
  let server: StripeFixtureServer;
  let renter: SignedUpUser;
  let admin: SignedUpUser;
  let day = 3;
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    t = await createTestApp({
      STRIPE_SECRET_KEY: 'sk_test_fixtureserver',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(server.port),
      STRIPE_API_PROTOCOL: 'http',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
    });
    renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
    admin = await signUpAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  /** A rental whose charge is captured (handed back, not completed: the owner's share is still here). */
  const paid = async () => {
    const owner = await signUp(t.http);
    await onboardAtStripe(t, server, owner);
    day += 4;
    const rental = await returnedPaidRental(
      t,
      server,
      { owner, renter, product: await createProduct(t, owner) },
      utcDay(day),
    );
    const [intent] = await t.db.query(`SELECT id FROM payment.payment_intents WHERE rental_id = $1`, [
      rental.id,
    ]);
    return {
      owner,
      rental,
      intentId: intent.id as string,
      captured: rental.quote.subtotal + rental.quote.platformFee,
    };
  };
  const refund = (intentId: string, body: Record<string, unknown>, key?: string) => {
    const req = t.http.post(`/api/v1/admin/payment-intents/${intentId}/refunds`).set(admin.auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const refundCalls = (gatewayIntent: string) =>
    server.requests.filter((r) => r.path === '/v1/refunds' && r.form.payment_intent === gatewayIntent);
  const state = async (intentId: string, rentalId: string) => ({
    refunds: (await t.db.query('SELECT status, amount FROM payment.refunds WHERE intent_id = $1', [intentId]))
      .length,
    ledger: await ledgerOf(t, rentalId),
    leg: (
      await t.db.query(
        `SELECT amount_refunded FROM payment.payment_legs WHERE intent_id = $1 AND kind = 'charge'`,
        [intentId],
      )
    )[0],
    holds: (
      await t.db.query('SELECT 1 FROM payment.payout_holds WHERE rental_id = $1 AND lifted_at IS NULL', [
        rentalId,
      ])
    ).length,
  });

  it('refunds in part, replays an Idempotency-Key, then the rest; never more than captured', async () => {
    const { rental, intentId, captured } = await paid();
    const gatewayIntent = `pi_c${rental.tag}`;
    const first = await refund(intentId, { amount: 2500, reason: 'Goodwill' }, 'refund-key-1');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ intentId, amount: 2500, status: 'succeeded', requestedBy: admin.id });
    const calls = refundCalls(gatewayIntent);
    expect(calls.map((r) => [r.form.amount, r.headers['idempotency-key']])).toEqual([
      ['2500', `refund-${first.body.id}`],
    ]);
    const replay = await refund(intentId, { amount: 2500, reason: 'Goodwill' }, 'refund-key-1');
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(refundCalls(gatewayIntent)).toHaveLength(1);

    // The refund comes out of the owner's unpaid share first; every journal balances.
    expect(await ledgerOf(t, rental.id)).toMatchObject({ owner_payable: rental.quote.subtotal - 2500 });
    expect(await journalsOf(t, rental.id)).toContain('refund:charge');
    expect(await ledgerTotal(t, rental.id)).toBe(0);
    const [audit] = await t.db.query(`SELECT action, details FROM audit.entries WHERE target_id = $1`, [
      intentId,
    ]);
    expect(audit).toMatchObject({ action: 'payment.refund_created', details: { amount: 2500 } });

    const before = await state(intentId, rental.id);
    const over = await refund(intentId, { amount: captured - 2500 + 1, reason: 'Too much' });
    expect([over.status, over.body.code, over.body.refundable]).toEqual([
      422,
      'PAYMENT.REFUND_ABOVE_CAPTURED',
      captured - 2500,
    ]);
    expect(await state(intentId, rental.id)).toEqual(before);
    expect(refundCalls(gatewayIntent)).toHaveLength(1);

    const rest = await refund(intentId, { reason: 'Full refund of the rest' });
    expect(rest.body).toMatchObject({ amount: captured - 2500, status: 'succeeded' });
    const nothing = await refund(intentId, { reason: 'Once more' });
    expect([nothing.status, nothing.body.code]).toEqual([409, 'PAYMENT.NOTHING_TO_REFUND']);
    const listed = await t.http.get(`/api/v1/admin/payment-intents/${intentId}/refunds`).set(admin.auth);
    expect(listed.body.items.map((r: { amount: number }) => r.amount)).toEqual([2500, captured - 2500]);
    expect(await ledgerOf(t, rental.id)).toMatchObject({ owner_payable: 0, platform_fee: 0 });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
    expect((await state(intentId, rental.id)).holds).toBe(0);
  });

  it('ten racing refunds never exceed what was captured, and each success is one refund at Stripe', async () => {
    const { rental, intentId, captured } = await paid();
    const each = Math.floor(captured / 3) + 1; // only two fit
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => refund(intentId, { amount: each, reason: `race ${i}` })),
    );
    const won = answers.filter((r) => r.status === 201);
    expect(won).toHaveLength(2);
    expect(answers.filter((r) => r.status !== 201).map((r) => r.body.code)).toEqual(
      Array(8).fill('PAYMENT.REFUND_ABOVE_CAPTURED'),
    );
    expect(refundCalls(`pi_c${rental.tag}`)).toHaveLength(2);
    expect((await state(intentId, rental.id)).leg.amount_refunded).toBe(2 * each);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('a refund Stripe did not answer stays pending, holds the payout, and the job sends it again once', async () => {
    const { rental, intentId } = await paid();
    for (let i = 0; i < 3; i++)
      server.respondOnce('POST', /^\/v1\/refunds$/, () => ({
        status: 500,
        body: stripeError('api_error', 'Something went wrong'),
      }));
    const away = await refund(intentId, { amount: 700, reason: 'Broken on arrival' });
    expect([away.status, away.body.code]).toEqual([503, 'PAYMENT.GATEWAY_UNAVAILABLE']);
    const [pending] = await t.db.query('SELECT id, status FROM payment.refunds WHERE intent_id = $1', [
      intentId,
    ]);
    expect(pending.status).toBe('pending');
    expect((await state(intentId, rental.id)).holds).toBe(1);
    expect((await state(intentId, rental.id)).leg.amount_refunded).toBe(0);

    await t.app.get(JobScheduler).runNow(RECONCILE_JOB, new Date(Date.now() + 2 * 60_000));
    const [done] = await t.db.query('SELECT status, amount FROM payment.refunds WHERE id = $1', [pending.id]);
    expect(done).toEqual({ status: 'succeeded', amount: 700 });
    const keys = refundCalls(`pi_c${rental.tag}`).map((r) => r.headers['idempotency-key']);
    expect(new Set(keys)).toEqual(new Set([`refund-${pending.id}`]));
    expect(await state(intentId, rental.id)).toMatchObject({ holds: 0, leg: { amount_refunded: 700 } });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it("refuses once the owner's share was transferred, and to anyone but an admin", async () => {
    const { owner, rental, intentId } = await paid();
    const forbidden = await t.http
      .post(`/api/v1/admin/payment-intents/${intentId}/refunds`)
      .set(renter.auth)
      .send({ reason: 'Please' });
    expect(forbidden.status).toBe(403);
    queueDepositRelease(server, rental.tag, rental.quote.deposit);
    await moveRental(t, rental, owner, 'completed');
    await drain(t);
    await releasePayouts(t, new Date((await payoutRow(t, rental.id)).release_after.getTime() + HOUR));
    expect((await payoutRow(t, rental.id)).status).toBe('transferred');
    const before = await state(intentId, rental.id);
    const late = await refund(intentId, { amount: 100, reason: 'Late' });
    expect([late.status, late.body.code, late.body.payoutStatus]).toEqual([
      409,
      'PAYMENT.REFUND_AFTER_PAYOUT',
      'transferred',
    ]);
    expect(await state(intentId, rental.id)).toEqual(before);
    const unknown = await refund('6f1c7a3e-0000-4000-8000-000000000000', { reason: 'Nobody' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'PAYMENT.PAYMENT_INTENT_NOT_FOUND']);
  });
});
