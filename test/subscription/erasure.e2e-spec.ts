import { signUp } from '../support/identity.factory';
import { drain } from '../support/payment.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/** subscription's part of an account erasure (UserDeleted): the subscription ends, unpaid charges void. */
describe('subscription: erasure of a subscriber with an unpaid charge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('voids the pending charge here and its intent at payment, and ends the subscription', async () => {
    const user = await signUp(t.http, { fullName: 'Ursula Unpaid' });
    const plans = (await t.http.get('/api/v1/subscription/plans')).body.items as {
      id: string;
      code: string;
    }[];
    const basic = plans.find((p) => p.code === 'basic')!;
    const subscribed = await t.http
      .post('/api/v1/subscription/subscriptions')
      .set(user.auth)
      .send({ planId: basic.id, billingCycle: 'monthly' });
    expect(subscribed.status).toBe(201);
    expect(subscribed.body).toMatchObject({ status: 'incomplete', latestCharge: { status: 'pending' } });
    await drain(t);
    const [charge] = await t.db.query(
      'SELECT reference, status FROM subscription.charges WHERE subscription_id = $1',
      [subscribed.body.id],
    );
    expect(charge.status).toBe('pending');
    const intentOf = async () =>
      (
        await t.db.query('SELECT stage, status FROM payment.payment_intents WHERE reference = $1', [
          charge.reference,
        ])
      )[0];
    expect((await intentOf()).status).not.toBe('canceled');

    const deleted = await t.http.delete('/api/v1/account').set(user.auth).send({ password: user.password });
    expect(deleted.status).toBe(204);
    await drain(t);

    const [sub] = await t.db.query(
      'SELECT status, canceled_at, ended_at, cancel_at_period_end FROM subscription.subscriptions WHERE id = $1',
      [subscribed.body.id],
    );
    expect(sub).toMatchObject({ status: 'canceled', cancel_at_period_end: false });
    expect(sub.ended_at).toBeInstanceOf(Date);
    expect(
      await t.db.query('SELECT status FROM subscription.charges WHERE subscription_id = $1', [
        subscribed.body.id,
      ]),
    ).toEqual([{ status: 'void' }]);
    expect(await intentOf()).toEqual({ stage: 'void', status: 'canceled' });
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM subscription.inbox_events WHERE handler = 'subscription.erase-deleted-user'`,
    );
    expect(n).toBe(1);
  });
});
