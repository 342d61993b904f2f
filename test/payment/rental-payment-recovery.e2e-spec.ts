import { RentalAccepted } from '../../src/modules/rental';
import { EventBus } from '../../src/platform/events/event-bus';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { ProductBody } from '../support/catalog.factory';
import { createProduct } from '../support/catalog.factory';
import { addPaymentMethod, drain, ledgerOf, rentalIntent, rentalMoneyPath } from '../support/payment.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Declined cards, missing payment methods, 3-D Secure and redelivered events on the sandbox gateway,
 * through the real flows: rental's HTTP API and its events through the outbox relay.
 */
describe('payment: rental payments that wait for the renter', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let product: ProductBody;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.http);
    product = await createProduct(t, owner);
  });
  afterAll(() => t.close());

  const { charge, request, move, operations } = rentalMoneyPath(() => ({ t, product }));

  it('leaves a declined card in requires_payment_method, captures nothing, and recovers when the renter confirms', async () => {
    const renter = await signUp(t.http);
    await addPaymentMethod(t, renter, 'pm_card_chargeDeclined');
    const rental = await request(renter);
    let intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      depositStatus: 'pending',
      lastPaymentError: { code: 'card_declined', message: 'Your card was declined.' },
    });
    expect(await ledgerOf(t, rental.id)).toEqual({});
    // The deposit is never tried while the charge is declined.
    const [deposit] = await t.db.query(
      `SELECT gateway_status FROM payment.payment_legs WHERE intent_id = $1 AND kind = 'deposit'`,
      [intent.id],
    );
    expect(deposit.gateway_status).toBe('none');

    // The owner accepts anyway: nothing to capture yet.
    await move(rental, owner, 'accepted');
    expect((await rentalIntent(t, renter, rental.id))!.status).toBe('requires_payment_method');

    const card = await addPaymentMethod(t, renter, 'pm_card_visa');
    const confirmed = await t.http
      .post(`/api/v1/payment/payment-intents/${intent.id}/confirm`)
      .set(renter.auth)
      .send({ paymentMethodId: card.id });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'captured',
      paymentMethodId: card.id,
      amountCaptured: charge(rental),
      depositStatus: 'held',
      lastPaymentError: null,
    });
    intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent.status).toBe('captured');
    expect(await ledgerOf(t, rental.id)).toMatchObject({
      owner_payable: rental.quote.subtotal,
      held_deposit: rental.quote.deposit,
    });
    // Confirming again has nothing to do.
    const again = await t.http
      .post(`/api/v1/payment/payment-intents/${intent.id}/confirm`)
      .set(renter.auth)
      .send({});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PAYMENT.INTENT_NOT_CONFIRMABLE');
  });

  it('waits for a renter without a payment method, then holds when they confirm', async () => {
    const renter = await signUp(t.http);
    const rental = await request(renter);
    const intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      lastPaymentError: null,
      paymentMethodId: null,
    });
    const none = await t.http
      .post(`/api/v1/payment/payment-intents/${intent.id}/confirm`)
      .set(renter.auth)
      .send({});
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('PAYMENT.PAYMENT_METHOD_REQUIRED');
    const bank = await addPaymentMethod(t, renter, 'pm_usBankAccount');
    const refused = await t.http
      .post(`/api/v1/payment/payment-intents/${intent.id}/confirm`)
      .set(renter.auth)
      .send({ paymentMethodId: bank.id });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PAYMENT.PAYMENT_METHOD_CANNOT_HOLD');
    await addPaymentMethod(t, renter, 'pm_card_mastercard', true);
    const confirmed = await t.http
      .post(`/api/v1/payment/payment-intents/${intent.id}/confirm`)
      .set(renter.auth)
      .send({});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'authorized', depositStatus: 'held' });
  });

  it('asks for 3-D Secure on each hold and continues once the renter authenticates', async () => {
    const renter = await signUp(t.http);
    await addPaymentMethod(t, renter, 'pm_card_authenticationRequired');
    const rental = await request(renter);
    let intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent.status).toBe('requires_action');
    expect(intent.nextAction).toEqual({
      type: 'redirect_to_url',
      redirectUrl: expect.stringMatching(
        /^\/api\/v1\/payment\/sandbox\/payment-intents\/pi_sb_\w+\/authenticate$/,
      ),
      clientSecret: expect.stringMatching(/^pi_sb_\w+_secret_\w+$/),
    });
    expect(await ledgerOf(t, rental.id)).toEqual({});

    const wrongSecret = await t.http
      .post(intent.nextAction!.redirectUrl!)
      .send({ clientSecret: 'pi_sb_wrong_secret_x', outcome: 'succeed' });
    expect(wrongSecret.status).toBe(404);

    const charged = await t.http
      .post(intent.nextAction!.redirectUrl!)
      .send({ clientSecret: intent.nextAction!.clientSecret, outcome: 'succeed' });
    expect(charged.status).toBe(200);
    expect(charged.body.status).toBe('requires_capture');
    // The deposit is a separate hold: the bank asks again.
    intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({ status: 'requires_action', depositStatus: 'pending' });
    expect(await ledgerOf(t, rental.id)).toEqual({
      payer_funds: -charge(rental),
      held_charge: charge(rental),
    });

    const failed = await t.http
      .post(intent.nextAction!.redirectUrl!)
      .send({ clientSecret: intent.nextAction!.clientSecret, outcome: 'fail' });
    expect(failed.body.status).toBe('requires_payment_method');
    intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      lastPaymentError: { code: 'payment_intent_authentication_failure' },
    });

    // Retry the deposit; authenticate again; both are held.
    const retry = await t.http
      .post(`/api/v1/payment/payment-intents/${intent.id}/confirm`)
      .set(renter.auth)
      .send({});
    expect(retry.body.status).toBe('requires_action');
    await t.http
      .post(retry.body.nextAction.redirectUrl)
      .send({ clientSecret: retry.body.nextAction.clientSecret, outcome: 'succeed' })
      .expect(200);
    intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({ status: 'authorized', depositStatus: 'held', nextAction: null });
  });

  it('turns a redelivered or late rental event into nothing', async () => {
    const renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
    const rental = await request(renter);
    await move(rental, owner, 'accepted');
    const intent = (await rentalIntent(t, renter, rental.id))!;
    const snapshot = async () => ({
      ledger: await t.db.query('SELECT count(*)::int AS n FROM payment.ledger_entries WHERE intent_id = $1', [
        intent.id,
      ]),
      operations: await operations(intent.id),
    });
    const before = await snapshot();
    // Mark every rental event as unpublished again: the relay delivers them all a second time.
    await t.db.query(`UPDATE rental.outbox_events SET published_at = NULL WHERE payload->>'rentalId' = $1`, [
      rental.id,
    ]);
    await t.db.query(
      `DELETE FROM payment.inbox_events WHERE event_id IN
         (SELECT id FROM rental.outbox_events WHERE payload->>'rentalId' = $1)`,
      [rental.id],
    );
    await drain(t);
    expect(await snapshot()).toEqual(before);
    expect((await rentalIntent(t, renter, rental.id))!.status).toBe('captured');
  });

  it('lets the inbox transaction it is handed wait for a slow provider, and that one only', async () => {
    const renter = await signUp(t.http);
    const rental = await request(renter);
    const event = RentalAccepted.create({
      rentalId: rental.id,
      productId: product.id,
      renterId: renter.id,
      ownerId: owner.id,
      startDate: rental.startDate,
      endDate: rental.endDate,
      status: 'accepted',
      previousStatus: 'requested',
      actorId: owner.id,
      cancelledBy: null,
      quote: rental.quote,
    });
    const [subscriber] = t.app
      .get(EventBus)
      .subscribersOf(event)
      .filter((s) => s.inbox === 'payment');
    const inside = await t.db.transaction(async (m) => {
      await subscriber.handle(event, m);
      return (await m.query('SHOW idle_in_transaction_session_timeout'))[0]
        .idle_in_transaction_session_timeout;
    });
    expect(inside).toBe('5min');
    const outside = (await t.db.query('SHOW idle_in_transaction_session_timeout'))[0]
      .idle_in_transaction_session_timeout;
    expect(outside).not.toBe('5min');
    expect((await rentalIntent(t, renter, rental.id))!.status).toBe('requires_payment_method');
  });
});
