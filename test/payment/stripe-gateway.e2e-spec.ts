import { createStripeClient } from '../../src/modules/payment/application/gateway/gateway.provider';
import { GatewayUnavailableError } from '../../src/modules/payment/application/gateway/payment-gateway';
import { StripeGateway } from '../../src/modules/payment/application/gateway/stripe-gateway';
import { PaymentSettings } from '../../src/modules/payment/application/payment-settings';
import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { drain, ledgerOf, rentalIntent } from '../support/payment.factory';
import { createRental, moveRental } from '../support/rental.factory';
import { StripeFixtureServer, stripeError } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

const KEY = 'sk_test_fixtureserver';

/** StripeGateway through the real `stripe` SDK, over HTTP, against Stripe's published fixtures. */
describe('payment: StripeGateway against the local Stripe fixture server', () => {
  let server: StripeFixtureServer;
  let gateway: StripeGateway;
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    const settings = Object.assign(new PaymentSettings(), {
      STRIPE_SECRET_KEY: KEY,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: server.port,
      STRIPE_API_PROTOCOL: 'http',
    });
    gateway = new StripeGateway(createStripeClient(settings));
  });
  afterAll(() => server.close());
  const last = () => server.requests[server.requests.length - 1];

  it('creates a customer with our idempotency key and secret key', async () => {
    const id = await gateway.createCustomer({ userId: 'user-1', idempotencyKey: 'customer-user-1' });
    expect(id).toBe(server.fixture('customer').id);
    expect(last()).toMatchObject({
      method: 'POST',
      path: '/v1/customers',
      form: { 'metadata[userId]': 'user-1' },
    });
    expect(last().headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'idempotency-key': 'customer-user-1',
    });
    expect(last().headers['stripe-version']).toEqual(expect.any(String));
  });

  it('attaches a token and keeps only what identifies the method', async () => {
    const method = await gateway.attachPaymentMethod({
      token: 'pm_card_visa',
      customerId: 'cus_1',
      idempotencyKey: 'pm-1',
    });
    expect(last()).toMatchObject({
      path: '/v1/payment_methods/pm_card_visa/attach',
      form: { customer: 'cus_1' },
    });
    // The published fixture is a Link-wallet visa card ending 4242, expiring 8/2030.
    expect(method).toEqual({
      id: 'pm_card_visa',
      type: 'wallet',
      brand: 'visa',
      last4: '4242',
      expMonth: 8,
      expYear: 2030,
      wallet: 'link',
      bankName: null,
    });
    await gateway.detachPaymentMethod('pm_card_visa');
    expect(last()).toMatchObject({ method: 'POST', path: '/v1/payment_methods/pm_card_visa/detach' });
  });

  it('creates and confirms a manual-capture intent in one call, with the deterministic key', async () => {
    const intent = await gateway.createPaymentIntent({
      amount: 11000,
      currency: 'EUR',
      customerId: 'cus_1',
      paymentMethodId: 'pm_1',
      captureMethod: 'manual',
      offSession: false,
      description: 'Rental r1',
      metadata: { leg: 'charge', reference: 'rental-r1' },
      idempotencyKey: 'rental-r1-charge-authorize-1',
    });
    expect(last().headers['idempotency-key']).toBe('rental-r1-charge-authorize-1');
    expect(last().form).toEqual({
      amount: '11000',
      currency: 'eur',
      customer: 'cus_1',
      payment_method: 'pm_1',
      capture_method: 'manual',
      confirm: 'true',
      description: 'Rental r1',
      'metadata[leg]': 'charge',
      'metadata[reference]': 'rental-r1',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
    });
    const fixture = server.fixture('payment_intent');
    expect(intent).toMatchObject({
      id: fixture.id,
      status: fixture.status,
      amount: 11000,
      currency: 'EUR',
      clientSecret: fixture.client_secret,
    });
  });

  it('returns a card decline as an answer (the intent Stripe attaches to the error), not an exception', async () => {
    server.respondOnce('POST', /^\/v1\/payment_intents$/, (pi) => ({
      status: 402,
      body: stripeError('card_error', 'Your card has insufficient funds.', {
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        payment_intent: {
          ...pi,
          status: 'requires_payment_method',
          last_payment_error: {
            type: 'card_error',
            code: 'card_declined',
            decline_code: 'insufficient_funds',
            message: 'Your card has insufficient funds.',
          },
        },
      }),
    }));
    const intent = await gateway.createPaymentIntent({
      amount: 500,
      currency: 'EUR',
      customerId: 'cus_1',
      paymentMethodId: 'pm_card_chargeDeclinedInsufficientFunds',
      captureMethod: 'manual',
      offSession: false,
      description: 'Rental r2',
      metadata: {},
      idempotencyKey: 'rental-r2-charge-authorize-1',
    });
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.lastError).toEqual({
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
  });

  it('captures, cancels and refunds with the given keys', async () => {
    server.respondOnce('POST', /\/capture$/, (pi) => ({
      status: 200,
      body: { ...pi, status: 'succeeded', amount: 11000, amount_received: 11000, amount_capturable: 0 },
    }));
    const captured = await gateway.capturePaymentIntent('pi_42', {
      idempotencyKey: 'rental-r1-charge-capture',
    });
    expect(last()).toMatchObject({ path: '/v1/payment_intents/pi_42/capture' });
    expect(last().headers['idempotency-key']).toBe('rental-r1-charge-capture');
    expect(captured).toMatchObject({ id: 'pi_42', status: 'succeeded', amountReceived: 11000 });

    await gateway.cancelPaymentIntent('pi_43', { idempotencyKey: 'rental-r1-deposit-cancel' });
    expect(last()).toMatchObject({ path: '/v1/payment_intents/pi_43/cancel' });

    const refund = await gateway.refundPaymentIntent('pi_42', {
      amount: 10000,
      idempotencyKey: 'rental-r1-charge-refund-0',
    });
    expect(last()).toMatchObject({ path: '/v1/refunds', form: { payment_intent: 'pi_42', amount: '10000' } });
    expect(refund).toEqual({ id: server.fixture('refund').id, amount: 10000, status: 'succeeded' });
  });

  it("answers with Stripe's current intent when ours was behind (unexpected state)", async () => {
    server.respondOnce('POST', /\/capture$/, () => ({
      status: 400,
      body: stripeError(
        'invalid_request_error',
        'This PaymentIntent could not be captured because it has a status of canceled.',
        {
          code: 'payment_intent_unexpected_state',
        },
      ),
    }));
    server.respondOnce('GET', /^\/v1\/payment_intents\/pi_44$/, (pi) => ({
      status: 200,
      body: { ...pi, status: 'canceled' },
    }));
    const intent = await gateway.capturePaymentIntent('pi_44', {
      idempotencyKey: 'rental-r3-charge-capture',
    });
    expect(intent).toMatchObject({ id: 'pi_44', status: 'canceled' });
    expect(server.requests.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/payment_intents/pi_44/capture',
      'GET /v1/payment_intents/pi_44',
    ]);
  });

  it('retries a failing Stripe with the same idempotency key, then reports it unavailable', async () => {
    for (let i = 0; i < 3; i++)
      server.respondOnce('POST', /\/capture$/, () => ({
        status: 500,
        body: stripeError('api_error', 'Something went wrong'),
      }));
    const before = server.requests.length;
    await expect(
      gateway.capturePaymentIntent('pi_45', { idempotencyKey: 'rental-r4-charge-capture' }),
    ).rejects.toBeInstanceOf(GatewayUnavailableError);
    const attempts = server.requests.slice(before);
    expect(attempts).toHaveLength(3); // the first try and two SDK retries
    expect(new Set(attempts.map((a) => a.headers['idempotency-key']))).toEqual(
      new Set(['rental-r4-charge-capture']),
    );
  });
});

/** The whole app on the Stripe adapter (STRIPE_SECRET_KEY set), against the same fixture server. */
describe('payment: the app on StripeGateway', () => {
  let server: StripeFixtureServer;
  let t: TestApp;
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    t = await createTestApp({
      STRIPE_SECRET_KEY: KEY,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(server.port),
      STRIPE_API_PROTOCOL: 'http',
      // Events are delivered when the test drains, after it has queued the answers they need.
      EVENTS_RELAY_INTERVAL_MS: '0',
    });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  it('saves a payment method, then holds and captures a rental through Stripe', async () => {
    const owner = await signUp(t.http);
    const renter = await signUp(t.http);
    const product = await createProduct(t, owner);
    const method = await t.http
      .post('/api/v1/payment/payment-methods')
      .set(renter.auth)
      .send({ token: 'pm_card_visa' });
    expect(method.status).toBe(201);
    expect(method.body).toMatchObject({ brand: 'visa', last4: '4242', expMonth: 8, expYear: 2030 });
    expect(server.requests.map((r) => r.path)).toEqual([
      '/v1/customers',
      '/v1/payment_methods/pm_card_visa/attach',
    ]);
    expect(server.requests[0].headers['idempotency-key']).toBe(`customer-${renter.id}`);

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
    const rental = await createRental(t, renter, product);
    const chargeAmount = rental.quote.subtotal + rental.quote.platformFee;
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held('pi_charge_1', chargeAmount));
    server.respondOnce('POST', /^\/v1\/payment_intents$/, held('pi_deposit_1', rental.quote.deposit));
    await drain(t);
    expect((await rentalIntent(t, renter, rental.id))!.status).toBe('authorized');
    const creates = server.requests.filter((r) => r.path === '/v1/payment_intents');
    expect(creates.map((r) => [r.headers['idempotency-key'], r.form.amount, r.form.capture_method])).toEqual([
      [`rental-${rental.id}-charge-authorize-1`, String(chargeAmount), 'manual'],
      [`rental-${rental.id}-deposit-authorize-1`, String(rental.quote.deposit), 'manual'],
    ]);

    server.respondOnce('POST', /\/pi_charge_1\/capture$/, (pi) => ({
      status: 200,
      body: {
        ...pi,
        id: 'pi_charge_1',
        status: 'succeeded',
        amount: chargeAmount,
        amount_received: chargeAmount,
      },
    }));
    await moveRental(t, rental, owner, 'accepted');
    await drain(t);
    expect((await rentalIntent(t, renter, rental.id))!).toMatchObject({
      status: 'captured',
      depositStatus: 'held',
    });
    expect(await ledgerOf(t, rental.id)).toEqual({
      payer_funds: -rental.quote.total,
      held_charge: 0,
      held_deposit: rental.quote.deposit,
      owner_payable: rental.quote.subtotal,
      platform_fee: rental.quote.platformFee,
    });
    expect(server.requests[server.requests.length - 1].headers['idempotency-key']).toBe(
      `rental-${rental.id}-charge-capture`,
    );
  });
});
