import { DepositRenewals } from '../../src/modules/payment/application/deposit-renewals';
import { RENEW_DEPOSITS_JOB } from '../../src/modules/payment/application/deposit-renewal.job';
import { DepositRenewalFailed } from '../../src/modules/payment/contracts/deposit.events';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createProduct } from '../support/catalog.factory';
import { deliverWebhook, outboxPayloads } from '../support/dispute.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain, ledgerOf, rentalIntent, WEBHOOK_SECRET } from '../support/payment.factory';
import { ledgerTotal } from '../support/payout.factory';
import type { RentalBody } from '../support/rental.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import type { StubbedResponse } from '../support/stripe-fixture-server';
import { StripeFixtureServer, stripeError } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

const DAY = 86_400_000;

describe('payment: long rentals renew their deposit hold (fixture server)', () => {
  let t: TestApp;
  let server: StripeFixtureServer;
  let renter: SignedUpUser;
  let owner: SignedUpUser;
  let product: { id: string };
  let start = 2;
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
    owner = await signUp(t.http);
    await addPaymentMethod(t, renter);
    product = await createProduct(t, owner);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  const intentAnswer =
    (id: string, fields: Record<string, unknown>) =>
    (pi: Record<string, unknown>): StubbedResponse => ({
      status: 200,
      body: { ...pi, id, last_payment_error: null, ...fields },
    });
  const held = (id: string, amount: number) =>
    intentAnswer(id, { status: 'requires_capture', amount, amount_capturable: amount });
  const cancelled = (id: string, amount: number) =>
    intentAnswer(id, { status: 'canceled', amount, amount_capturable: 0 });
  const declined = (code: string, declineCode: string, message: string) => (pi: Record<string, unknown>) => ({
    status: 402,
    body: stripeError('card_error', message, {
      code,
      decline_code: declineCode,
      payment_intent: {
        ...pi,
        id: `pi_refused_${code}_${Math.random().toString(36).slice(2, 8)}`,
        status: 'requires_payment_method',
        last_payment_error: { type: 'card_error', code, decline_code: declineCode, message },
      },
    }),
  });

  /** A two-week rental, handed over: its charge captured, its deposit held at `pi_d<tag>`. */
  const longRental = async () => {
    const tag = `${start}`.padStart(3, '0') + Math.random().toString(36).slice(2, 6);
    const startDate = utcDay(start);
    const endDate = utcDay(start + 14);
    start += 16;
    const priced = await t.http
      .post('/api/v1/availability')
      .send({ productId: product.id, startDate, endDate });
    const { quote } = priced.body;
    const charge = quote.subtotal + quote.platformFee;
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held(`pi_c${tag}`, charge));
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held(`pi_d${tag}`, quote.deposit));
    const rental = await createRental(t, renter, product, { startDate, endDate });
    await drain(t);
    server.respondOnce(
      'POST',
      new RegExp(`/pi_c${tag}/capture$`),
      intentAnswer(`pi_c${tag}`, { status: 'succeeded', amount: charge, amount_received: charge }),
    );
    await moveRental(t, rental, owner, 'accepted');
    await moveRental(t, rental, owner, 'active');
    await drain(t);
    const heldSince = Date.parse((await rentalIntent(t, renter, rental.id))!.depositHold!.heldSince);
    return {
      rental,
      tag,
      deposit: quote.deposit as number,
      at: (days: number) => new Date(heldSince + days * DAY),
    };
  };
  const runJob = (now: Date) => t.app.get(JobScheduler).runNow(RENEW_DEPOSITS_JOB, now);
  const depositLeg = async (rentalId: string) => {
    const [leg] = await t.db.query(
      `SELECT l.id, l.intent_id, l.gateway_intent_id, l.gateway_status FROM payment.payment_legs l
       JOIN payment.payment_intents i ON i.id = l.intent_id WHERE i.rental_id = $1 AND l.kind = 'deposit'`,
      [rentalId],
    );
    return leg;
  };
  const renewals = (rentalId: string) =>
    t.db.query(
      `SELECT r.generation, r.attempt, r.status, r.idempotency_key, r.replaces_gateway_intent_id, r.gateway_intent_id,
              r.error_code
       FROM payment.deposit_renewals r JOIN payment.payment_intents i ON i.id = r.intent_id
       WHERE i.rental_id = $1 ORDER BY r.generation, r.attempt`,
      [rentalId],
    );
  const callsFor = (rental: RentalBody) =>
    server.requests
      .filter(
        (r) =>
          r.method === 'POST' &&
          String(r.headers['idempotency-key'] ?? '').startsWith(`rental-${rental.id}-deposit-renew`),
      )
      .map((r) => `${r.path} ${r.headers['idempotency-key']}`);

  it('renews a hold before it lapses: a new off-session authorization first, then the old one cancelled', async () => {
    const { rental, tag, deposit, at } = await longRental();
    const before = (await rentalIntent(t, renter, rental.id))!;
    expect(before.depositStatus).toBe('held');
    expect(Date.parse(before.depositHold!.expiresAt) - Date.parse(before.depositHold!.heldSince)).toBe(
      7 * DAY,
    );
    expect(before.depositHold).toMatchObject({ renewals: 0, renewalFailure: null });

    // 4 days in: not due yet (renewals start 60 hours before the 7 days are up).
    await runJob(at(4));
    expect(callsFor(rental)).toEqual([]);

    server.respondOnce('POST', /^\/v1\/payment_intents$/, held(`pi_r${tag}`, deposit));
    server.respondOnce('POST', new RegExp(`/pi_d${tag}/cancel$`), cancelled(`pi_d${tag}`, deposit));
    expect(await runJob(at(4.6))).toBe(true);
    const key = `rental-${rental.id}-deposit-renew-1-1`;
    expect(callsFor(rental)).toEqual([
      `/v1/payment_intents ${key}`,
      `/v1/payment_intents/pi_d${tag}/cancel ${key}-cancel`,
    ]);
    const create = server.requests.find((r) => r.headers['idempotency-key'] === key)!;
    expect(create.form).toMatchObject({
      amount: String(deposit),
      capture_method: 'manual',
      off_session: 'true',
      confirm: 'true',
      transfer_group: `rental-${rental.id}`,
      'metadata[leg]': 'deposit',
      'metadata[renewal]': '1',
    });
    expect(await depositLeg(rental.id)).toMatchObject({
      gateway_intent_id: `pi_r${tag}`,
      gateway_status: 'requires_capture',
    });
    expect(await renewals(rental.id)).toEqual([
      expect.objectContaining({
        generation: 1,
        attempt: 1,
        status: 'completed',
        gateway_intent_id: `pi_r${tag}`,
      }),
    ]);
    expect(await ledgerOf(t, rental.id)).toMatchObject({ held_deposit: deposit });
    const journals = await t.db.query(
      `SELECT DISTINCT journal_key FROM payment.ledger_entries WHERE rental_id = $1 AND leg = 'deposit' ORDER BY 1`,
      [rental.id],
    );
    expect(journals.map((j: { journal_key: string }) => j.journal_key)).toEqual([
      `pi_d${tag}:authorized`,
      `pi_d${tag}:released`,
      `pi_r${tag}:authorized`,
    ]);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
    const renewed = (await rentalIntent(t, owner, rental.id))!;
    expect(renewed.depositHold).toMatchObject({
      heldSince: at(4.6).toISOString(),
      renewals: 1,
      renewalFailure: null,
    });

    // Again at the same time: nothing due. Stripe's late word about the old hold changes nothing.
    await runJob(at(4.6));
    expect(callsFor(rental)).toHaveLength(2);
    const stale = await deliverWebhook(t, {
      type: 'payment_intent.canceled',
      object: { ...server.fixture('payment_intent'), id: `pi_d${tag}`, status: 'canceled', amount: deposit },
    });
    expect(stale.body.outcome).toBe('ignored');
    expect((await depositLeg(rental.id)).gateway_status).toBe('requires_capture');

    // The completion (after the return's inspection window) releases the hold the deposit has now.
    server.respondOnce('POST', new RegExp(`/pi_r${tag}/cancel$`), cancelled(`pi_r${tag}`, deposit));
    await moveRental(t, rental, owner, 'returned');
    await moveRental(t, rental, owner, 'completed');
    await drain(t);
    expect(server.requests.at(-1)).toMatchObject({ path: `/v1/payment_intents/pi_r${tag}/cancel` });
    expect(await ledgerOf(t, rental.id)).toMatchObject({ held_deposit: 0 });
    expect((await rentalIntent(t, renter, rental.id))!).toMatchObject({
      depositStatus: 'released',
      depositHold: null,
    });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('retries a refused renewal, tells both parties each time, and keeps the old hold meanwhile', async () => {
    const { rental, tag, deposit, at } = await longRental();
    server.respondOnce(
      'POST',
      /^\/v1\/payment_intents$/,
      declined('card_declined', 'insufficient_funds', 'Your card has insufficient funds.'),
    );
    await runJob(at(4.6));
    expect(await renewals(rental.id)).toEqual([
      expect.objectContaining({ attempt: 1, status: 'failed', error_code: 'card_declined' }),
    ]);
    expect(await depositLeg(rental.id)).toMatchObject({ gateway_intent_id: `pi_d${tag}` });
    expect(await ledgerOf(t, rental.id)).toMatchObject({ held_deposit: deposit });
    const mine = (await rentalIntent(t, renter, rental.id))!;
    expect(mine.depositHold!.renewalFailure).toEqual({
      attempts: 1,
      lastAttemptAt: at(4.6).toISOString(),
      willRetry: true,
      error: { code: 'card_declined', message: 'Your card has insufficient funds.' },
    });
    const theirs = (await rentalIntent(t, owner, rental.id))!;
    expect(theirs.depositHold!.renewalFailure).toMatchObject({ attempts: 1, willRetry: true, error: null });
    const [event] = await outboxPayloads(t, DepositRenewalFailed.type, { rentalId: rental.id });
    expect(event).toEqual({
      intentId: mine.id,
      rentalId: rental.id,
      renterId: renter.id,
      ownerId: owner.id,
      amount: deposit,
      currency: rental.quote.currency,
      attempt: 1,
      willRetry: true,
      holdExpiresAt: mine.depositHold!.expiresAt,
      code: 'card_declined',
    });

    // Not again at once: 12 hours later, with the next key.
    await runJob(at(4.9));
    expect(callsFor(rental)).toHaveLength(1);
    server.respondOnce(
      'POST',
      /^\/v1\/payment_intents$/,
      declined('authentication_required', 'authentication_required', 'This payment requires authentication.'),
    );
    await runJob(at(5.2));
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held(`pi_r${tag}`, deposit));
    server.respondOnce('POST', new RegExp(`/pi_d${tag}/cancel$`), cancelled(`pi_d${tag}`, deposit));
    await runJob(at(5.8));
    const key = (n: number) => `rental-${rental.id}-deposit-renew-1-${n}`;
    expect(callsFor(rental)).toEqual([
      `/v1/payment_intents ${key(1)}`,
      `/v1/payment_intents ${key(2)}`,
      `/v1/payment_intents ${key(3)}`,
      `/v1/payment_intents/pi_d${tag}/cancel ${key(3)}-cancel`,
    ]);
    expect((await renewals(rental.id)).map((r: { status: string }) => r.status)).toEqual([
      'failed',
      'failed',
      'completed',
    ]);
    expect((await rentalIntent(t, renter, rental.id))!.depositHold).toMatchObject({
      renewals: 1,
      renewalFailure: null,
    });
    expect(
      (await outboxPayloads(t, DepositRenewalFailed.type, { rentalId: rental.id })).map((e) => [
        e.attempt,
        e.code,
      ]),
    ).toEqual([
      [1, 'card_declined'],
      [2, 'authentication_required'],
    ]);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('stops after three refusals and says so, and still shows it once the old hold has lapsed', async () => {
    const { rental, tag, deposit, at } = await longRental();
    for (const day of [4.6, 5.2, 5.8]) {
      server.respondOnce(
        'POST',
        /^\/v1\/payment_intents$/,
        declined('card_declined', 'generic_decline', 'Declined.'),
      );
      await runJob(at(day));
    }
    await runJob(at(6.5));
    expect(callsFor(rental)).toHaveLength(3);
    const events = await outboxPayloads(t, DepositRenewalFailed.type, { rentalId: rental.id });
    expect(events.map((e) => [e.attempt, e.willRetry])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    // Stripe cancels the lapsed authorization and tells us.
    await deliverWebhook(t, {
      type: 'payment_intent.canceled',
      object: { ...server.fixture('payment_intent'), id: `pi_d${tag}`, status: 'canceled', amount: deposit },
    });
    const seen = (await rentalIntent(t, owner, rental.id))!;
    expect(seen.depositStatus).toBe('released');
    expect(seen.depositHold!.renewalFailure).toMatchObject({ attempts: 3, willRetry: false });
    expect(await ledgerOf(t, rental.id)).toMatchObject({ held_deposit: 0 });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('resumes a renewal left half-way with the same key; a return meanwhile cancels the new hold instead', async () => {
    const { rental, tag, deposit, at } = await longRental();
    for (let i = 0; i < 3; i++)
      server.respondOnce('POST', /^\/v1\/payment_intents$/, () => ({
        status: 500,
        body: stripeError('api_error', 'Something went wrong'),
      }));
    await runJob(at(4.6));
    expect(await renewals(rental.id)).toEqual([expect.objectContaining({ status: 'requested' })]);

    server.respondOnce('POST', new RegExp(`/pi_d${tag}/cancel$`), cancelled(`pi_d${tag}`, deposit));
    await moveRental(t, rental, owner, 'returned');
    await moveRental(t, rental, owner, 'completed');
    await drain(t);
    expect((await depositLeg(rental.id)).gateway_status).toBe('canceled');

    server.respondOnce('POST', /^\/v1\/payment_intents$/, held(`pi_r${tag}`, deposit));
    server.respondOnce('POST', new RegExp(`/pi_r${tag}/cancel$`), cancelled(`pi_r${tag}`, deposit));
    await runJob(at(4.7));
    const key = `rental-${rental.id}-deposit-renew-1-1`;
    expect(callsFor(rental)).toEqual([
      ...Array(4).fill(`/v1/payment_intents ${key}`),
      `/v1/payment_intents/pi_r${tag}/cancel ${key}-cancel`,
    ]);
    expect(await renewals(rental.id)).toEqual([
      expect.objectContaining({ status: 'abandoned', gateway_intent_id: `pi_r${tag}` }),
    ]);
    expect(await depositLeg(rental.id)).toMatchObject({
      gateway_intent_id: `pi_d${tag}`,
      gateway_status: 'canceled',
    });
    expect(await ledgerOf(t, rental.id)).toMatchObject({ held_deposit: 0 });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('renews once when twenty job runs and renewals race on one deposit', async () => {
    const { rental, tag, deposit, at } = await longRental();
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held(`pi_r${tag}`, deposit));
    server.respondOnce('POST', new RegExp(`/pi_d${tag}/cancel$`), cancelled(`pi_d${tag}`, deposit));
    const leg = await depositLeg(rental.id);
    const renewer = t.app.get(DepositRenewals);
    await Promise.all([
      ...Array.from({ length: 10 }, () => runJob(at(4.6))),
      ...Array.from({ length: 10 }, () => renewer.renew(leg.intent_id, leg.id, at(4.6)).catch(() => false)),
    ]);
    expect(callsFor(rental)).toEqual([
      `/v1/payment_intents rental-${rental.id}-deposit-renew-1-1`,
      `/v1/payment_intents/pi_d${tag}/cancel rental-${rental.id}-deposit-renew-1-1-cancel`,
    ]);
    expect(await renewals(rental.id)).toHaveLength(1);
    expect(await ledgerOf(t, rental.id)).toMatchObject({ held_deposit: deposit });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('keeps renewing a deposit a damage claim holds after completion, and the claim captures the current hold', async () => {
    const { rental, tag, deposit, at } = await longRental();
    await moveRental(t, rental, owner, 'returned');
    await drain(t);
    const filed = await t.http
      .post(`/api/v1/payment/rentals/${rental.id}/claims`)
      .set(owner.auth)
      .send({ amount: 1200, currency: rental.quote.currency, description: 'Chipped blade' });
    expect(filed.status).toBe(201);
    await moveRental(t, rental, owner, 'completed');
    await drain(t);
    expect((await depositLeg(rental.id)).gateway_status).toBe('requires_capture');

    // The claim outlives the authorization: the job renews the hold it keeps.
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held(`pi_r${tag}`, deposit));
    server.respondOnce('POST', new RegExp(`/pi_d${tag}/cancel$`), cancelled(`pi_d${tag}`, deposit));
    await runJob(at(4.6));
    expect(await depositLeg(rental.id)).toMatchObject({
      gateway_intent_id: `pi_r${tag}`,
      gateway_status: 'requires_capture',
    });

    server.respondOnce(
      'POST',
      new RegExp(`/pi_r${tag}/capture$`),
      intentAnswer(`pi_r${tag}`, {
        status: 'succeeded',
        amount: deposit,
        amount_capturable: 0,
        amount_received: 1200,
      }),
    );
    const accepted = await t.http
      .post(`/api/v1/payment/claims/${filed.body.id}/accept`)
      .set(renter.auth)
      .send({});
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      depositStatus: 'captured',
      depositCaptured: 1200,
    });
    const captures = server.requests.filter((r) => r.path.endsWith('/capture') && r.path.includes(tag));
    expect(captures.map((r) => `${r.path} ${r.headers['idempotency-key']}`)).toEqual([
      `/v1/payment_intents/pi_c${tag}/capture rental-${rental.id}-charge-capture`,
      `/v1/payment_intents/pi_r${tag}/capture claim-${filed.body.id}-deposit-capture`,
    ]);
    expect(await ledgerOf(t, rental.id)).toMatchObject({ held_deposit: 0 });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });
});

/** With the sandbox: a card that always asks for 3-D Secure cannot be renewed while the renter is away. */
describe('payment: deposit renewal with the embedded sandbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('shows an authentication-required renewal failure to both parties', async () => {
    const owner = await signUp(t.http);
    const renter = await signUp(t.http);
    await addPaymentMethod(t, renter, 'pm_card_authenticationRequired');
    const rental = await createRental(t, renter, await createProduct(t, owner), {
      startDate: utcDay(3),
      endDate: utcDay(20),
    });
    await drain(t);
    // The renter completes 3-D Secure for the charge, then for the deposit, on the sandbox's page.
    for (let i = 0; i < 2; i++) {
      const intent = (await rentalIntent(t, renter, rental.id))!;
      const gatewayIntentId = /payment-intents\/([^/]+)\/authenticate$/.exec(
        intent.nextAction!.redirectUrl!,
      )![1];
      await t.http
        .post(`/api/v1/payment/sandbox/payment-intents/${gatewayIntentId}/authenticate`)
        .send({ clientSecret: intent.nextAction!.clientSecret, outcome: 'succeed' })
        .expect(200);
    }
    await moveRental(t, rental, owner, 'accepted');
    await moveRental(t, rental, owner, 'active');
    await drain(t);
    const held = (await rentalIntent(t, renter, rental.id))!;
    expect(held.depositStatus).toBe('held');

    await t.app
      .get(JobScheduler)
      .runNow(RENEW_DEPOSITS_JOB, new Date(Date.parse(held.depositHold!.heldSince) + 4.6 * DAY));
    expect((await rentalIntent(t, renter, rental.id))!.depositHold!.renewalFailure).toMatchObject({
      attempts: 1,
      willRetry: true,
      error: { code: 'authentication_required' },
    });
    expect((await rentalIntent(t, owner, rental.id))!.depositHold!.renewalFailure).toMatchObject({
      error: null,
    });
    expect(await outboxPayloads(t, DepositRenewalFailed.type, { rentalId: rental.id })).toEqual([
      expect.objectContaining({ code: 'authentication_required', renterId: renter.id, ownerId: owner.id }),
    ]);
    expect(await ledgerOf(t, rental.id)).toMatchObject({ held_deposit: rental.quote.deposit });
  });
});
