import { randomUUID } from 'node:crypto';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod } from '../support/payment.factory';
import { expectOneAnswerOrInProgress } from '../support/idempotency-assertions';
import { createTestApp, type TestApp } from '../support/test-app';

describe('payment: payment methods', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const methods = (user: SignedUpUser) => t.http.get('/api/v1/payment/payment-methods').set(user.auth);

  it('saves a card from a token, keeping only brand, last 4 and expiry; the first one is the default', async () => {
    const user = await signUp(t.http);
    const res = await t.http
      .post('/api/v1/payment/payment-methods')
      .set(user.auth)
      .send({ token: 'pm_card_visa' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      type: 'card',
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2034,
      wallet: null,
      bankName: null,
      isDefault: true,
      supportsHolds: true,
      createdAt: expect.any(String),
    });
    const [row] = await t.db.query('SELECT * FROM payment.payment_methods WHERE id = $1', [res.body.id]);
    expect(row).toMatchObject({ user_id: user.id, type: 'card', last4: '4242', is_default: true });
    expect(row.gateway_payment_method_id).toMatch(/^pm_sb_/);
    expect(JSON.stringify(row)).not.toContain('4242424242424242');
    const [customer] = await t.db.query(
      'SELECT gateway_customer_id FROM payment.customers WHERE user_id = $1',
      [user.id],
    );
    expect(customer.gateway_customer_id).toMatch(/^cus_sb_/);
  });

  it('saves wallets and bank accounts, and says which can hold a rental amount', async () => {
    const user = await signUp(t.http);
    const wallet = await addPaymentMethod(t, user, 'pm_applePay_visa');
    const bank = await addPaymentMethod(t, user, 'pm_usBankAccount');
    expect(wallet).toMatchObject({ type: 'wallet', wallet: 'apple_pay', brand: 'visa', supportsHolds: true });
    expect(bank).toMatchObject({
      type: 'bank_account',
      bankName: 'STRIPE TEST BANK',
      last4: '6789',
      supportsHolds: false,
    });
  });

  it('refuses raw card numbers, card fields and unknown tokens', async () => {
    const user = await signUp(t.http);
    const raw = await t.http
      .post('/api/v1/payment/payment-methods')
      .set(user.auth)
      .send({ token: '4242 4242 4242 4242' });
    expect(raw.status).toBe(422);
    expect(raw.body.code).toBe('PAYMENT.RAW_CARD_NUMBER_REFUSED');
    const fields = await t.http
      .post('/api/v1/payment/payment-methods')
      .set(user.auth)
      .send({ token: 'pm_card_visa', number: '4242424242424242', cvc: '123' });
    expect(fields.status).toBe(422);
    const unknown = await t.http
      .post('/api/v1/payment/payment-methods')
      .set(user.auth)
      .send({ token: 'pm_nope_nope' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('PAYMENT.PAYMENT_METHOD_TOKEN_INVALID');
    expect((await methods(user)).body.items).toEqual([]);
    const stored = await t.db.query(
      'SELECT count(*)::int AS n FROM payment.payment_methods WHERE user_id = $1',
      [user.id],
    );
    expect(stored[0].n).toBe(0);
  });

  it('lists default first, switches the default, and promotes the newest one when the default is removed', async () => {
    const user = await signUp(t.http);
    const first = await addPaymentMethod(t, user, 'pm_card_visa');
    const second = await addPaymentMethod(t, user, 'pm_card_mastercard');
    const third = await addPaymentMethod(t, user, 'pm_card_amex', true);
    expect(second.isDefault).toBe(false);
    expect(third.isDefault).toBe(true);
    let list = (await methods(user)).body.items;
    expect(list.map((m: { id: string }) => m.id)).toEqual([third.id, second.id, first.id]);

    const made = await t.http.put(`/api/v1/payment/payment-methods/${first.id}/default`).set(user.auth);
    expect(made.status).toBe(200);
    expect(made.body.isDefault).toBe(true);
    list = (await methods(user)).body.items;
    expect(list.filter((m: { isDefault: boolean }) => m.isDefault).map((m: { id: string }) => m.id)).toEqual([
      first.id,
    ]);

    const removed = await t.http.delete(`/api/v1/payment/payment-methods/${first.id}`).set(user.auth);
    expect(removed.status).toBe(204);
    list = (await methods(user)).body.items;
    expect(list.map((m: { id: string; isDefault: boolean }) => [m.id, m.isDefault])).toEqual([
      [third.id, true],
      [second.id, false],
    ]);
    const [row] = await t.db.query(
      'SELECT removed_at, is_default FROM payment.payment_methods WHERE id = $1',
      [first.id],
    );
    expect(row.removed_at).not.toBeNull();
    expect(row.is_default).toBe(false);
  });

  it("answers 404 for someone else's method, and for an unknown one", async () => {
    const owner = await signUp(t.http);
    const stranger = await signUp(t.http);
    const method = await addPaymentMethod(t, owner);
    expect(
      (await t.http.delete(`/api/v1/payment/payment-methods/${method.id}`).set(stranger.auth)).status,
    ).toBe(404);
    expect(
      (await t.http.put(`/api/v1/payment/payment-methods/${method.id}/default`).set(stranger.auth)).status,
    ).toBe(404);
    expect(
      (await t.http.delete(`/api/v1/payment/payment-methods/${randomUUID()}`).set(owner.auth)).status,
    ).toBe(404);
    expect((await methods(owner)).body.items).toHaveLength(1);
  });

  it('returns the same method for a retry with the same Idempotency-Key', async () => {
    const user = await signUp(t.http);
    const send = () =>
      t.http
        .post('/api/v1/payment/payment-methods')
        .set(user.auth)
        .set('Idempotency-Key', 'add-card-000001')
        .send({ token: 'pm_card_visa' });
    const method = expectOneAnswerOrInProgress(await Promise.all([send(), send()]), 201);
    const later = await send();
    expect({ status: later.status, body: later.body }).toEqual({ status: 201, body: method });
    expect((await methods(user)).body.items).toHaveLength(1);
  });

  it('keeps at most 20 saved methods per user', async () => {
    const user = await signUp(t.http);
    for (let i = 0; i < 20; i++)
      await addPaymentMethod(t, user, i % 2 ? 'pm_card_visa' : 'pm_card_mastercard');
    const refused = await t.http
      .post('/api/v1/payment/payment-methods')
      .set(user.auth)
      .send({ token: 'pm_card_amex' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'PAYMENT.TOO_MANY_PAYMENT_METHODS', max: 20 });
    expect((await methods(user)).body.items).toHaveLength(20);
    const [first] = (await methods(user)).body.items;
    await t.http.delete(`/api/v1/payment/payment-methods/${first.id}`).set(user.auth).expect(204);
    expect(
      (await t.http.post('/api/v1/payment/payment-methods').set(user.auth).send({ token: 'pm_card_amex' }))
        .status,
    ).toBe(201);
  });

  it('needs a token to list', async () => {
    expect((await t.http.get('/api/v1/payment/payment-methods')).status).toBe(401);
  });
});
