import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain } from '../support/payment.factory';
import { createTestApp, type TestApp } from '../support/test-app';

const DAY = 86_400_000;

/** Plan changes with proration, cancellation, renewals and their failures, driven by the renewal job. */
describe('subscription: billing', () => {
  let t: TestApp;
  let plans: Record<string, { id: string }>;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
    const res = await t.http.get('/api/v1/subscription/plans');
    plans = Object.fromEntries(res.body.items.map((p: { code: string; id: string }) => [p.code, p]));
  });
  afterAll(() => t.close());

  const subscribe = async (user: SignedUpUser, code: string, billingCycle = 'monthly') => {
    const res = await t.http
      .post('/api/v1/subscription/subscriptions')
      .set(user.auth)
      .send({ planId: plans[code].id, billingCycle });
    if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const get = async (user: SignedUpUser, id: string) =>
    (await t.http.get(`/api/v1/subscription/subscriptions/${id}`).set(user.auth)).body;
  const changePlan = (user: SignedUpUser, id: string, code: string, billingCycle = 'monthly') =>
    t.http
      .put(`/api/v1/subscription/subscriptions/${id}/plan`)
      .set(user.auth)
      .send({ planId: plans[code].id, billingCycle });
  const renew = (now: Date) => t.app.get(JobScheduler).runNow('subscription.renew-periods', now);
  const charges = async (subId: string) =>
    (
      await t.db.query(
        'SELECT kind, amount, status FROM subscription.charges WHERE subscription_id = $1 ORDER BY created_at',
        [subId],
      )
    ).map((c: { kind: string; amount: number; status: string }) => `${c.kind}:${c.amount}:${c.status}`);
  const revenue = async (userId: string) =>
    (
      await t.db.query(
        `SELECT coalesce(sum(amount), 0)::int AS n FROM payment.ledger_entries WHERE payer_id = $1 AND account = 'subscription_revenue'`,
        [userId],
      )
    )[0].n;
  /** Time travel: the current period began `daysAgo` and ends in `daysLeft`. */
  const placePeriod = (subId: string, daysAgo: number, daysLeft: number) =>
    t.db.query(
      `UPDATE subscription.subscriptions SET anchor_at = now() - make_interval(days => $2),
         current_period_start = now() - make_interval(days => $2), current_period_end = now() + make_interval(days => $3)
       WHERE id = $1`,
      [subId, daysAgo, daysLeft],
    );

  it('upgrades halfway through a period for half the price difference, keeping the period', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user);
    const sub = await subscribe(user, 'basic');
    await placePeriod(sub.id, 15, 15);
    const before = await get(user, sub.id);
    const res = await changePlan(user, sub.id, 'pro');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      plan: { code: 'pro' },
      status: 'active',
      pendingChange: null,
      creditBalance: 0,
    });
    expect(res.body.currentPeriodEnd).toBe(before.currentPeriodEnd);
    // round(2999 × ½) - round(999 × ½), give or take the milliseconds of the request
    expect(res.body.latestCharge).toMatchObject({ kind: 'change', status: 'paid' });
    expect(Math.abs(res.body.latestCharge.amount - 1000)).toBeLessThanOrEqual(1);
    expect(await revenue(user.id)).toBe(999 + res.body.latestCharge.amount);
  });

  it('downgrades halfway into credit, which the next renewal spends before the card', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user);
    const sub = await subscribe(user, 'pro');
    await placePeriod(sub.id, 15, 15);
    const res = await changePlan(user, sub.id, 'basic');
    expect(res.body).toMatchObject({ plan: { code: 'basic' }, latestCharge: { kind: 'initial' } });
    const credit = res.body.creditBalance;
    expect(Math.abs(credit - 1000)).toBeLessThanOrEqual(1); // round(2999 × ½) - round(999 × ½)
    await renew(new Date(Date.parse(res.body.currentPeriodEnd) + 60_000));
    const renewed = await get(user, sub.id);
    expect(renewed.currentPeriodStart).toBe(res.body.currentPeriodEnd);
    expect(renewed.creditBalance).toBe(credit - 999);
    expect(await charges(sub.id)).toEqual(['initial:2999:paid']); // the credit paid for it all
    expect(await revenue(user.id)).toBe(2999);
  });

  it('switches to yearly with a new period, charging the year less what is left of the month', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user);
    const sub = await subscribe(user, 'basic');
    await placePeriod(sub.id, 15, 15);
    const res = await changePlan(user, sub.id, 'basic', 'yearly');
    expect(res.body).toMatchObject({
      billingCycle: 'yearly',
      price: 9990,
      latestCharge: { kind: 'change', status: 'paid' },
    });
    expect(Math.abs(res.body.latestCharge.amount - (9990 - 500))).toBeLessThanOrEqual(1);
    const start = new Date(res.body.currentPeriodStart);
    expect(Math.abs(start.getTime() - Date.now())).toBeLessThan(60_000);
    const end = new Date(start);
    end.setUTCFullYear(start.getUTCFullYear() + 1);
    expect(res.body.currentPeriodEnd).toBe(end.toISOString());
  });

  it('keeps a change whose payment needs the payer pending, and applies it once paid', async () => {
    const user = await signUp(t.http);
    const card = await addPaymentMethod(t, user);
    const sub = await subscribe(user, 'basic');
    await addPaymentMethod(t, user, 'pm_card_chargeDeclined', true);
    const res = await changePlan(user, sub.id, 'pro');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      plan: { code: 'basic' },
      pendingChange: {
        plan: { code: 'pro' },
        billingCycle: 'monthly',
        charge: { kind: 'change', status: 'pending' },
      },
    });
    const intentId = res.body.pendingChange.charge.paymentIntentId;
    const confirmed = await t.http
      .post(`/api/v1/payment/payment-intents/${intentId}/confirm`)
      .set(user.auth)
      .send({ paymentMethodId: card.id });
    expect(confirmed.body.status).toBe('succeeded');
    await drain(t);
    expect(await get(user, sub.id)).toMatchObject({ plan: { code: 'pro' }, pendingChange: null });
    const same = await changePlan(user, sub.id, 'pro');
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('SUBSCRIPTION.SAME_PLAN');
  });

  it('drops a pending change replaced by a newer one, cancelling its payment', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user);
    const sub = await subscribe(user, 'free');
    await addPaymentMethod(t, user, 'pm_card_authenticationRequired', true);
    const first = await changePlan(user, sub.id, 'basic');
    expect(first.body.pendingChange.plan.code).toBe('basic');
    const second = await changePlan(user, sub.id, 'pro');
    expect(second.body.pendingChange.plan.code).toBe('pro');
    expect(await charges(sub.id)).toEqual(['change:999:void', 'change:2999:pending']);
    const old = await t.http
      .get(`/api/v1/payment/payment-intents/${first.body.pendingChange.charge.paymentIntentId}`)
      .set(user.auth);
    expect(old.body.status).toBe('canceled');
  });

  it('cancels at the period end: the plan applies until then, nothing renews', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user);
    const sub = await subscribe(user, 'basic');
    const res = await t.http
      .put(`/api/v1/subscription/subscriptions/${sub.id}/cancel`)
      .set(user.auth)
      .send({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
      canceledAt: expect.any(String),
      endedAt: null,
    });
    expect((await t.http.get('/api/v1/subscription/usage').set(user.auth)).body.plan.code).toBe('basic');
    await renew(new Date(Date.parse(sub.currentPeriodEnd) + 60_000));
    expect(await get(user, sub.id)).toMatchObject({ status: 'canceled', endedAt: sub.currentPeriodEnd });
    expect(await charges(sub.id)).toEqual(['initial:999:paid']);
    expect((await t.http.get('/api/v1/subscription/usage').set(user.auth)).body.plan.code).toBe('free');
  });

  it('cancels now: the free plan applies at once; cancelling again is 409', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user);
    const sub = await subscribe(user, 'pro');
    const res = await t.http
      .put(`/api/v1/subscription/subscriptions/${sub.id}/cancel`)
      .set(user.auth)
      .send({ atPeriodEnd: false });
    expect(res.body).toMatchObject({ status: 'canceled', endedAt: expect.any(String) });
    expect((await t.http.get('/api/v1/subscription/usage').set(user.auth)).body.plan.code).toBe('free');
    const again = await t.http
      .put(`/api/v1/subscription/subscriptions/${sub.id}/cancel`)
      .set(user.auth)
      .send({});
    expect(again.status).toBe(409);
    expect((await changePlan(user, sub.id, 'basic')).status).toBe(409);
    // A new subscription is allowed once the old one ended.
    expect((await subscribe(user, 'basic')).status).toBe('active');
  });

  it('renews at the period end exactly once, however often the job runs', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user);
    const sub = await subscribe(user, 'basic');
    const at = new Date(Date.parse(sub.currentPeriodEnd) + 60_000);
    await renew(at);
    await renew(at);
    const renewed = await get(user, sub.id);
    expect(renewed).toMatchObject({ status: 'active', currentPeriodStart: sub.currentPeriodEnd });
    expect(Date.parse(renewed.currentPeriodEnd)).toBeGreaterThan(Date.parse(sub.currentPeriodEnd));
    expect(renewed.latestCharge).toMatchObject({ kind: 'renewal', amount: 999, status: 'paid' });
    expect(await charges(sub.id)).toEqual(['initial:999:paid', 'renewal:999:paid']);
    expect(await revenue(user.id)).toBe(1998);
  });

  it('falls past due when the renewal is declined, recovers when the payer pays, else ends after the grace', async () => {
    const recovering = await signUp(t.http);
    const lapsing = await signUp(t.http);
    const cards: Record<string, string> = {};
    const subs: Record<string, { id: string; currentPeriodEnd: string }> = {};
    for (const [name, user] of [
      ['recovering', recovering],
      ['lapsing', lapsing],
    ] as const) {
      cards[name] = (await addPaymentMethod(t, user)).id;
      subs[name] = await subscribe(user, 'basic');
      await addPaymentMethod(t, user, 'pm_card_chargeDeclined', true);
      await renew(new Date(Date.parse(subs[name].currentPeriodEnd) + 60_000));
      expect(await get(user, subs[name].id)).toMatchObject({
        status: 'past_due',
        currentPeriodEnd: subs[name].currentPeriodEnd,
        latestCharge: { kind: 'renewal', status: 'pending' },
      });
      // The plan still applies during the grace period.
      expect((await t.http.get('/api/v1/subscription/usage').set(user.auth)).body.plan.code).toBe('basic');
    }

    const pending = await get(recovering, subs.recovering.id);
    await t.http
      .post(`/api/v1/payment/payment-intents/${pending.latestCharge.paymentIntentId}/confirm`)
      .set(recovering.auth)
      .send({ paymentMethodId: cards.recovering })
      .expect(200);
    await drain(t);
    expect(await get(recovering, subs.recovering.id)).toMatchObject({
      status: 'active',
      currentPeriodStart: subs.recovering.currentPeriodEnd,
      latestCharge: { kind: 'renewal', status: 'paid' },
    });

    await renew(new Date(Date.parse(subs.lapsing.currentPeriodEnd) + 8 * DAY));
    expect((await get(lapsing, subs.lapsing.id)).status).toBe('canceled');
    expect(await charges(subs.lapsing.id)).toEqual(['initial:999:paid', 'renewal:999:void']);
    expect((await t.http.get('/api/v1/subscription/usage').set(lapsing.auth)).body.plan.code).toBe('free');
  });

  it('asks for 3-D Secure on sign-up with a 3155 card, then renews off-session without asking', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user, 'pm_card_authenticationRequiredOnSetup');
    const sub = await subscribe(user, 'basic');
    expect(sub.status).toBe('incomplete');
    const payment = (
      await t.http.get(`/api/v1/payment/payment-intents/${sub.latestCharge.paymentIntentId}`).set(user.auth)
    ).body;
    expect(payment.status).toBe('requires_action');
    await t.http
      .post(payment.nextAction.redirectUrl)
      .send({ clientSecret: payment.nextAction.clientSecret, outcome: 'succeed' })
      .expect(200);
    await drain(t);
    await renew(new Date(Date.parse(sub.currentPeriodEnd) + 60_000));
    expect(await get(user, sub.id)).toMatchObject({
      status: 'active',
      latestCharge: { kind: 'renewal', status: 'paid' },
    });
  });

  it('drops a subscription left unpaid for 23 hours and cancels its payment', async () => {
    const user = await signUp(t.http);
    const sub = await subscribe(user, 'pro');
    expect(sub.status).toBe('incomplete');
    await renew(new Date(Date.now() + 22 * 3_600_000));
    expect((await get(user, sub.id)).status).toBe('incomplete');
    await renew(new Date(Date.now() + 24 * 3_600_000));
    expect(await get(user, sub.id)).toMatchObject({ status: 'canceled', latestCharge: { status: 'void' } });
    const payment = await t.http
      .get(`/api/v1/payment/payment-intents/${sub.latestCharge.paymentIntentId}`)
      .set(user.auth);
    expect(payment.body.status).toBe('canceled');
  });
});
