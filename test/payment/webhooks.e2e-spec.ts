import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createProduct } from '../support/catalog.factory';
import {
  addPaymentMethod,
  drain,
  ledgerOf,
  rentalIntent,
  signedWebhook,
  WEBHOOK_SECRET,
} from '../support/payment.factory';
import type { RentalBody } from '../support/rental.factory';
import { createRental, moveRental } from '../support/rental.factory';
import { createTestApp, type TestApp } from '../support/test-app';

const URL = '/api/v1/payment/webhooks/stripe';

describe('payment: Stripe webhooks', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  let productId: string;
  let counter = 0;
  beforeAll(async () => {
    t = await createTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, EVENTS_RELAY_INTERVAL_MS: '0' });
    owner = await signUp(t.http);
    renter = await signUp(t.http);
    productId = (await createProduct(t, owner)).id;
    await addPaymentMethod(t, renter);
  });
  afterAll(() => t.close());

  const deliver = (payload: string, signature?: string) => {
    const req = t.http.post(URL).set('content-type', 'application/json');
    return (signature ? req.set('stripe-signature', signature) : req).send(payload);
  };
  const heldRental = async (): Promise<{ rental: RentalBody; charge: string; deposit: string }> => {
    const startDate = new Date(Date.now() + (2 + 5 * counter++) * 86_400_000).toISOString().slice(0, 10);
    const rental = await createRental(t, renter, { id: productId }, { startDate });
    await drain(t);
    const legs: { kind: string; gateway_intent_id: string }[] = await t.db.query(
      `SELECT l.kind, l.gateway_intent_id FROM payment.payment_legs l JOIN payment.payment_intents i ON i.id = l.intent_id
       WHERE i.rental_id = $1`,
      [rental.id],
    );
    const of = (kind: string) => legs.find((l) => l.kind === kind)!.gateway_intent_id;
    return { rental, charge: of('charge'), deposit: of('deposit') };
  };
  const intentObject = (id: string, status: string, amount: number) => ({
    id,
    object: 'payment_intent',
    status,
    amount,
    amount_capturable: status === 'requires_capture' ? amount : 0,
    amount_received: status === 'succeeded' ? amount : 0,
    currency: 'eur',
    client_secret: `${id}_secret_x`,
    last_payment_error: null,
    next_action: null,
    latest_charge: null,
  });
  const webhookRows = async (id: string) =>
    t.db.query('SELECT event_id, type, outcome FROM payment.webhook_events WHERE event_id = $1', [id]);

  it('applies a signed event once: a redelivery is acknowledged as a duplicate and changes nothing', async () => {
    const { rental, deposit } = await heldRental();
    // Stripe cancelled the deposit authorization (it expired after 7 days).
    const event = signedWebhook({
      id: 'evt_deposit_expired_1',
      type: 'payment_intent.canceled',
      object: intentObject(deposit, 'canceled', rental.quote.deposit),
    });
    const first = await deliver(event.payload, event.signature);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, duplicate: false, outcome: 'applied' });
    const intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({ status: 'requires_payment_method', depositStatus: 'released' });
    const ledger = await ledgerOf(t, rental.id);
    expect(ledger).toMatchObject({
      held_deposit: 0,
      held_charge: rental.quote.subtotal + rental.quote.platformFee,
    });

    const again = await deliver(event.payload, event.signature);
    expect(again.body).toEqual({ received: true, duplicate: true, outcome: 'ignored' });
    expect(await ledgerOf(t, rental.id)).toEqual(ledger);
    expect(await webhookRows('evt_deposit_expired_1')).toEqual([
      { event_id: 'evt_deposit_expired_1', type: 'payment_intent.canceled', outcome: 'applied' },
    ]);
  });

  it('gives ten concurrent deliveries of one event a single effect', async () => {
    const { rental, charge } = await heldRental();
    await moveRental(t, rental, owner, 'accepted');
    await drain(t);
    const chargeObject = {
      id: 'ch_concurrent',
      object: 'charge',
      payment_intent: charge,
      amount: rental.quote.subtotal + rental.quote.platformFee,
      amount_refunded: 1000,
      refunded: false,
    };
    const event = signedWebhook({
      id: 'evt_refund_concurrent',
      type: 'charge.refunded',
      object: chargeObject,
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => deliver(event.payload, event.signature)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(1);
    const refunds = await t.db.query(
      `SELECT account, amount FROM payment.ledger_entries WHERE rental_id = $1 AND journal_type = 'refund' ORDER BY account`,
      [rental.id],
    );
    expect(refunds).toEqual([
      { account: 'owner_payable', amount: -1000 },
      { account: 'payer_funds', amount: 1000 },
    ]);
    expect((await rentalIntent(t, renter, rental.id))!).toMatchObject({
      status: 'refunded',
      amountRefunded: 1000,
    });
  });

  it('ignores an older state delivered after a newer one (out of order)', async () => {
    const { rental, charge } = await heldRental();
    await moveRental(t, rental, owner, 'accepted');
    await drain(t);
    const before = await ledgerOf(t, rental.id);
    const chargeAmount = rental.quote.subtotal + rental.quote.platformFee;
    // The authorization's own notification, arriving after the capture.
    const stale = signedWebhook({
      id: 'evt_stale_capturable',
      type: 'payment_intent.amount_capturable_updated',
      object: intentObject(charge, 'requires_capture', chargeAmount),
    });
    expect((await deliver(stale.payload, stale.signature)).status).toBe(200);
    const refund = signedWebhook({
      id: 'evt_refund_new',
      type: 'charge.refunded',
      object: {
        id: 'ch_1',
        object: 'charge',
        payment_intent: charge,
        amount: chargeAmount,
        amount_refunded: 2500,
      },
    });
    const older = signedWebhook({
      id: 'evt_refund_old',
      type: 'charge.refunded',
      object: {
        id: 'ch_1',
        object: 'charge',
        payment_intent: charge,
        amount: chargeAmount,
        amount_refunded: 1500,
      },
    });
    await deliver(refund.payload, refund.signature).expect(200);
    await deliver(older.payload, older.signature).expect(200);
    const intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({ status: 'refunded', amountCaptured: chargeAmount, amountRefunded: 2500 });
    expect(await ledgerOf(t, rental.id)).toEqual({
      ...before,
      owner_payable: before.owner_payable - 2500,
      payer_funds: before.payer_funds + 2500,
    });
  });

  it('acknowledges events that are not ours, or not about payments, without doing anything', async () => {
    const unknown = signedWebhook({
      id: 'evt_unknown_intent',
      type: 'payment_intent.succeeded',
      object: intentObject('pi_not_ours', 'succeeded', 1000),
    });
    expect((await deliver(unknown.payload, unknown.signature)).body).toEqual({
      received: true,
      duplicate: false,
      outcome: 'ignored',
    });
    const other = signedWebhook({
      id: 'evt_customer',
      type: 'customer.created',
      object: { id: 'cus_1', object: 'customer' },
    });
    expect((await deliver(other.payload, other.signature)).body.outcome).toBe('ignored');
    expect(await webhookRows('evt_customer')).toEqual([
      { event_id: 'evt_customer', type: 'customer.created', outcome: 'ignored' },
    ]);
  });

  it('ignores a signed intent event whose object is not a whole PaymentIntent, changing nothing', async () => {
    const { rental, deposit } = await heldRental();
    const ledger = await ledgerOf(t, rental.id);
    const { currency: _currency, ...withoutCurrency } = intentObject(
      deposit,
      'canceled',
      rental.quote.deposit,
    );
    const event = signedWebhook({
      id: 'evt_partial_intent',
      type: 'payment_intent.canceled',
      object: withoutCurrency,
    });
    const res = await deliver(event.payload, event.signature);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false, outcome: 'ignored' });
    expect(await ledgerOf(t, rental.id)).toEqual(ledger);
    expect((await rentalIntent(t, renter, rental.id))!.depositStatus).toBe('held');
    expect(await webhookRows('evt_partial_intent')).toEqual([
      { event_id: 'evt_partial_intent', type: 'payment_intent.canceled', outcome: 'ignored' },
    ]);
  });

  it('refuses a tampered, re-serialised, stale, wrongly signed or unsigned body, recording nothing', async () => {
    const { deposit, rental } = await heldRental();
    const event = signedWebhook({
      id: 'evt_forged',
      type: 'payment_intent.canceled',
      object: intentObject(deposit, 'canceled', rental.quote.deposit),
    });
    const tampered = event.payload.replace('"canceled"', '"succeeded"');
    const reserialised = JSON.stringify(JSON.parse(event.payload), null, 2);
    const stale = signedWebhook(
      { id: 'evt_forged', type: 'payment_intent.canceled', object: intentObject(deposit, 'canceled', 1) },
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
    );
    const wrongSecret = signedWebhook(
      { id: 'evt_forged', type: 'payment_intent.canceled', object: intentObject(deposit, 'canceled', 1) },
      { secret: 'whsec_someoneelse' },
    );
    for (const [payload, signature] of [
      [tampered, event.signature],
      [reserialised, event.signature],
      [stale.payload, stale.signature],
      [wrongSecret.payload, wrongSecret.signature],
      [event.payload, undefined],
    ] as [string, string | undefined][]) {
      const res = await deliver(payload, signature);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('PAYMENT.WEBHOOK_SIGNATURE_INVALID');
    }
    expect(await webhookRows('evt_forged')).toEqual([]);
    expect((await rentalIntent(t, renter, rental.id))!.status).toBe('authorized');
  });

  it('is documented as public, with the signature header', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    const op = doc.paths['/api/v1/payment/webhooks/stripe'].post;
    expect(op.operationId).toBe('payment_receiveStripeWebhook');
    expect(op.security ?? []).toEqual([]);
    expect(op.parameters.map((p: { name: string }) => p.name)).toContain('Stripe-Signature');
  });
});

describe('payment: Stripe webhooks without a signing secret', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 503: events cannot be verified', async () => {
    const event = signedWebhook({ id: 'evt_x', type: 'customer.created', object: { id: 'cus_1' } });
    const res = await t.http
      .post(URL)
      .set('content-type', 'application/json')
      .set('stripe-signature', event.signature)
      .send(event.payload);
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('PAYMENT.WEBHOOKS_NOT_CONFIGURED');
  });
});
