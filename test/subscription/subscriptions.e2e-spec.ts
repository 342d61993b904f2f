import { randomUUID } from 'node:crypto';
import { seedPlans } from '../../seeds/subscription.seed';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain } from '../support/payment.factory';
import { expectOneAnswerOrInProgress } from '../support/idempotency-assertions';
import { createTestApp, type TestApp } from '../support/test-app';

interface Plan {
  id: string;
  code: string;
  prices: { monthly: number; yearly: number };
  limits: { activeListings: number | null; rentalsPerMonth: number | null };
}

describe('subscription: plans and subscriptions', () => {
  let t: TestApp;
  let plans: Record<string, Plan>;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
    const res = await t.http.get('/api/v1/subscription/plans');
    plans = Object.fromEntries(res.body.items.map((p: Plan) => [p.code, p]));
  });
  afterAll(() => t.close());

  const subscribe = (user: SignedUpUser, body: object, key?: string) => {
    const req = t.http.post('/api/v1/subscription/subscriptions').set(user.auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const intent = async (user: SignedUpUser, id: string) =>
    (await t.http.get(`/api/v1/payment/payment-intents/${id}`).set(user.auth)).body;
  const revenue = async (userId: string) =>
    (
      await t.db.query(
        `SELECT coalesce(sum(amount), 0)::int AS n FROM payment.ledger_entries WHERE payer_id = $1 AND account = 'subscription_revenue'`,
        [userId],
      )
    )[0].n;

  it('lists the seeded plans publicly, cheapest first, with prices and limits', async () => {
    const res = await t.http.get('/api/v1/subscription/plans');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: Plan) => [p.code, p.prices, p.limits])).toEqual([
      ['free', { monthly: 0, yearly: 0 }, { activeListings: 5, rentalsPerMonth: 5 }],
      ['basic', { monthly: 999, yearly: 9990 }, { activeListings: 25, rentalsPerMonth: 50 }],
      ['pro', { monthly: 2999, yearly: 29990 }, { activeListings: null, rentalsPerMonth: null }],
    ]);
    const one = await t.http.get(`/api/v1/subscription/plans/${plans.basic.id}`);
    expect(one.body).toMatchObject({
      code: 'basic',
      currency: 'EUR',
      features: expect.arrayContaining(['Up to 25 active listings']),
    });
    expect((await t.http.get(`/api/v1/subscription/plans/${randomUUID()}`)).status).toBe(404);
  });

  it('keeps the plan catalog in step with the seed, idempotently', async () => {
    expect(await seedPlans(t.db)).toBe(0);
    await t.db.query(`UPDATE subscription.plans SET monthly_price = 1 WHERE code = 'basic'`);
    expect(await seedPlans(t.db)).toBe(1);
    expect(await seedPlans(t.db)).toBe(0);
    const [row] = await t.db.query(`SELECT monthly_price FROM subscription.plans WHERE code = 'basic'`);
    expect(row.monthly_price).toBe(999);
  });

  it('starts a free plan at once, and allows one live subscription per user', async () => {
    const user = await signUp(t.http);
    const res = await subscribe(user, { planId: plans.free.id, billingCycle: 'monthly' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      plan: { code: 'free' },
      status: 'active',
      price: 0,
      latestCharge: null,
    });
    const again = await subscribe(user, { planId: plans.basic.id, billingCycle: 'monthly' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'SUBSCRIPTION.ALREADY_SUBSCRIBED',
      subscriptionId: res.body.id,
    });
  });

  it('charges the first period of a paid plan and activates it', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user);
    const res = await subscribe(user, { planId: plans.basic.id, billingCycle: 'monthly' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'active',
      price: 999,
      currency: 'EUR',
      latestCharge: { kind: 'initial', amount: 999, status: 'paid', paymentIntentId: expect.any(String) },
    });
    // One calendar month later, same time of day, clamped to the month's last day.
    const start = new Date(res.body.currentPeriodStart);
    const lastDay = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 2, 0)).getUTCDate();
    const end = new Date(start);
    end.setUTCDate(1);
    end.setUTCMonth(start.getUTCMonth() + 1);
    end.setUTCDate(Math.min(start.getUTCDate(), lastDay));
    expect(res.body.currentPeriodEnd).toBe(end.toISOString());
    expect(await intent(user, res.body.latestCharge.paymentIntentId)).toMatchObject({
      purpose: 'subscription',
      subscriptionId: res.body.id,
      status: 'succeeded',
      amount: 999,
    });
    expect(await revenue(user.id)).toBe(999);
  });

  it('leaves a subscription incomplete on a declined card, and activates it when the payer confirms', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user, 'pm_card_chargeDeclined');
    const res = await subscribe(user, { planId: plans.pro.id, billingCycle: 'yearly' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'incomplete',
      latestCharge: { amount: 29990, status: 'pending' },
    });
    const intentId = res.body.latestCharge.paymentIntentId;
    expect(await intent(user, intentId)).toMatchObject({
      status: 'requires_payment_method',
      lastPaymentError: { code: 'card_declined' },
    });
    // Still the free plan's limits while unpaid.
    expect((await t.http.get('/api/v1/subscription/usage').set(user.auth)).body.plan.code).toBe('free');

    const card = await addPaymentMethod(t, user, 'pm_card_visa');
    const confirmed = await t.http
      .post(`/api/v1/payment/payment-intents/${intentId}/confirm`)
      .set(user.auth)
      .send({ paymentMethodId: card.id });
    expect(confirmed.body.status).toBe('succeeded');
    await drain(t);
    const sub = await t.http.get(`/api/v1/subscription/subscriptions/${res.body.id}`).set(user.auth);
    expect(sub.body).toMatchObject({ status: 'active', latestCharge: { status: 'paid' } });
    expect(await revenue(user.id)).toBe(29990);
  });

  it('waits for 3-D Secure, then activates through the payment event', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user, 'pm_card_authenticationRequired');
    const res = await subscribe(user, { planId: plans.basic.id, billingCycle: 'monthly' });
    expect(res.body.status).toBe('incomplete');
    const payment = await intent(user, res.body.latestCharge.paymentIntentId);
    expect(payment.status).toBe('requires_action');
    await t.http
      .post(payment.nextAction.redirectUrl)
      .send({ clientSecret: payment.nextAction.clientSecret, outcome: 'succeed' })
      .expect(200);
    await drain(t);
    expect(
      (await t.http.get(`/api/v1/subscription/subscriptions/${res.body.id}`).set(user.auth)).body.status,
    ).toBe('active');
  });

  it('subscribes without a payment method as incomplete; the payment intent is found by subscription', async () => {
    const user = await signUp(t.http);
    const res = await subscribe(user, { planId: plans.basic.id, billingCycle: 'monthly' });
    expect(res.body).toMatchObject({ status: 'incomplete', latestCharge: { status: 'pending' } });
    const card = await addPaymentMethod(t, user);
    const paid = await t.http
      .post('/api/v1/payment/payment-intents')
      .set(user.auth)
      .send({ subscriptionId: res.body.id, paymentMethodId: card.id });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ purpose: 'subscription', status: 'succeeded', amount: 999 });
    await drain(t);
    expect(
      (await t.http.get(`/api/v1/subscription/subscriptions/${res.body.id}`).set(user.auth)).body.status,
    ).toBe('active');
  });

  it('gives concurrent subscribe retries with one Idempotency-Key one subscription and one charge (others: 409 while in flight)', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user);
    const body = { planId: plans.basic.id, billingCycle: 'monthly' };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => subscribe(user, body, 'subscribe-0001')),
    );
    const subscription = expectOneAnswerOrInProgress(answers, 201);
    const later = await subscribe(user, body, 'subscribe-0001');
    expect({ status: later.status, body: later.body }).toEqual({ status: 201, body: subscription });
    const rows = await t.db.query('SELECT id FROM subscription.subscriptions WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
    expect(await revenue(user.id)).toBe(999);
    const reused = await subscribe(user, { ...body, billingCycle: 'yearly' }, 'subscribe-0001');
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('lets only one of several concurrent subscriptions without keys through', async () => {
    const user = await signUp(t.http);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => subscribe(user, { planId: plans.free.id, billingCycle: 'monthly' })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const rows = await t.db.query('SELECT id FROM subscription.subscriptions WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
  });

  it('refuses unknown plans, bad cycles, foreign payment methods and strangers', async () => {
    const user = await signUp(t.http);
    const other = await signUp(t.http);
    const theirs = await addPaymentMethod(t, other);
    expect((await subscribe(user, { planId: randomUUID(), billingCycle: 'monthly' })).status).toBe(404);
    expect((await subscribe(user, { planId: plans.basic.id, billingCycle: 'weekly' })).status).toBe(422);
    const foreign = await subscribe(user, {
      planId: plans.basic.id,
      billingCycle: 'monthly',
      paymentMethodId: theirs.id,
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('SUBSCRIPTION.PAYMENT_METHOD_NOT_FOUND');
    const mine = await subscribe(other, { planId: plans.free.id, billingCycle: 'monthly' });
    expect(
      (await t.http.get(`/api/v1/subscription/subscriptions/${mine.body.id}`).set(user.auth)).status,
    ).toBe(404);
    expect(
      (await t.http.put(`/api/v1/subscription/subscriptions/${mine.body.id}/cancel`).set(user.auth).send({}))
        .status,
    ).toBe(404);
    expect((await t.http.get('/api/v1/subscription/subscriptions').set(user.auth)).body.total).toBe(0);
    expect((await t.http.get('/api/v1/subscription/subscriptions')).status).toBe(401);
  });
});
