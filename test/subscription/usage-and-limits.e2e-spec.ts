import { randomUUID } from 'node:crypto';
import { ProductDeleted, ProductUpdated } from '../../src/modules/catalog';
import { SubscriptionApi } from '../../src/modules/subscription';
import { EventBus } from '../../src/platform/events/event-bus';
import type { IntegrationEvent } from '../../src/platform/events/integration-event';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain } from '../support/payment.factory';
import { createRental, moveRental } from '../support/rental.factory';
import { createTestApp, type TestApp } from '../support/test-app';

describe('subscription: usage and limits', () => {
  let t: TestApp;
  let api: SubscriptionApi;
  let plans: Record<string, { id: string }>;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      SUBSCRIPTION_LIMITS_ENFORCED: 'true',
    });
    api = t.app.get(SubscriptionApi);
    const res = await t.http.get('/api/v1/subscription/plans');
    plans = Object.fromEntries(res.body.items.map((p: { code: string; id: string }) => [p.code, p]));
  });
  afterAll(() => t.close());

  const usage = async (user: SignedUpUser) =>
    (await t.http.get('/api/v1/subscription/usage').set(user.auth)).body;
  /** Delivers an event to subscription's subscribers exactly as the relay would. */
  const deliver = async (event: IntegrationEvent) => {
    for (const s of t.app
      .get(EventBus)
      .subscribersOf(event)
      .filter((s) => s.inbox === 'subscription'))
      await t.db.transaction(async (m) => {
        const claimed = await m.query(
          `INSERT INTO subscription.inbox_events (event_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
          [event.id, s.name],
        );
        if (claimed.length > 0) await s.handle(event, m);
      });
  };

  it('counts active listings from catalog events: listed, paused, deleted, re-activated', async () => {
    const owner = await signUp(t.http);
    const products = [];
    for (let i = 0; i < 3; i++) products.push(await createProduct(t, owner));
    await createProduct(t, owner, { status: 'draft' });
    await drain(t);
    expect(await usage(owner)).toMatchObject({
      subscriptionId: null,
      plan: { code: 'free' },
      listings: { used: 3, limit: 5, remaining: 2 },
      rentals: { used: 0, limit: 5, remaining: 5 },
    });
    await t.http
      .put(`/api/v1/products/${products[0].id}`)
      .set(owner.auth)
      .send({ status: 'paused' })
      .expect(200);
    await t.http.delete(`/api/v1/products/${products[1].id}`).set(owner.auth).expect(204);
    await drain(t);
    expect((await usage(owner)).listings.used).toBe(1);
    await t.http
      .put(`/api/v1/products/${products[0].id}`)
      .set(owner.auth)
      .send({ status: 'active' })
      .expect(200);
    await drain(t);
    expect((await usage(owner)).listings.used).toBe(2);
    const rows = await t.db.query(
      'SELECT product_id, active FROM subscription.listing_usage WHERE owner_id = $1',
      [owner.id],
    );
    expect(rows).toHaveLength(3); // the draft was never listed
  });

  it('counts rentals the owner accepted this period, not the declined ones', async () => {
    const owner = await signUp(t.http);
    const product = await createProduct(t, owner);
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const rentals = [];
    for (let i = 0; i < 3; i++) {
      const renter = await signUp(t.http);
      rentals.push(
        await createRental(t, renter, product, { startDate: day(2 + 4 * i), endDate: day(4 + 4 * i) }),
      );
    }
    await moveRental(t, rentals[0], owner, 'accepted');
    await moveRental(t, rentals[1], owner, 'accepted');
    await moveRental(t, rentals[2], owner, 'declined');
    await drain(t);
    expect((await usage(owner)).rentals).toEqual({ used: 2, limit: 5, remaining: 3 });
    expect(await api.checkCanAcceptRental(owner.id)).toMatchObject({
      allowed: true,
      limit: 5,
      acceptedThisPeriod: 2,
    });
  });

  it('shows a subscription’s usage against its own plan and period', async () => {
    const owner = await signUp(t.http);
    await addPaymentMethod(t, owner);
    await createProduct(t, owner);
    await drain(t);
    const sub = (
      await t.http
        .post('/api/v1/subscription/subscriptions')
        .set(owner.auth)
        .send({ planId: plans.pro.id, billingCycle: 'monthly' })
    ).body;
    const res = await t.http.get(`/api/v1/subscription/subscriptions/${sub.id}/usage`).set(owner.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      subscriptionId: sub.id,
      plan: { id: plans.pro.id, code: 'pro', name: 'Pro' },
      periodStart: sub.currentPeriodStart,
      periodEnd: sub.currentPeriodEnd,
      listings: { used: 1, limit: null, remaining: null },
      rentals: { used: 0, limit: null, remaining: null },
    });
    const stranger = await signUp(t.http);
    expect(
      (await t.http.get(`/api/v1/subscription/subscriptions/${sub.id}/usage`).set(stranger.auth)).status,
    ).toBe(404);
  });

  it('never lets a late event revive a deleted listing, and counts a redelivered one once', async () => {
    const owner = randomUUID();
    const productId = randomUUID();
    const payload = { productId, ownerId: owner, title: 'Drill', status: 'active' as const };
    const deleted = ProductDeleted.create(payload, new Date('2026-05-01T10:00:02Z'));
    const lateUpdate = ProductUpdated.create(payload, new Date('2026-05-01T10:00:01Z'));
    await deliver(deleted);
    await deliver(lateUpdate);
    await deliver(deleted);
    const rows = await t.db.query('SELECT active FROM subscription.listing_usage WHERE product_id = $1', [
      productId,
    ]);
    expect(rows).toEqual([{ active: false }]);
    expect((await api.limitsFor(owner)).planCode).toBe('free');
  });

  it('allows activating listings up to the plan limit, then refuses naming the limit and the upgrade path', async () => {
    const owner = await signUp(t.http);
    expect(await api.checkCanActivateListing(owner.id, 4)).toMatchObject({
      allowed: true,
      limit: 5,
      upgrade: null,
    });
    const full = await api.checkCanActivateListing(owner.id, 5);
    expect(full).toEqual({
      allowed: false,
      plan: { planId: plans.free.id, code: 'free', name: 'Free' },
      limit: 5,
      activeListings: 5,
      upgrade: { planId: plans.basic.id, code: 'basic', name: 'Basic', maxActiveListings: 25 },
    });
    await expect(api.assertCanActivateListing(owner.id, 5)).rejects.toMatchObject({
      code: 'SUBSCRIPTION.LISTING_LIMIT_REACHED',
      kind: 'forbidden',
      details: {
        limit: { name: 'activeListings', max: 5, used: 5 },
        plan: { code: 'free' },
        upgrade: { code: 'basic', href: `/api/v1/subscription/plans/${plans.basic.id}` },
      },
    });
    expect((await api.checkCanActivateListing(owner.id, 30)).upgrade?.code).toBe('pro');

    await addPaymentMethod(t, owner);
    await t.http
      .post('/api/v1/subscription/subscriptions')
      .set(owner.auth)
      .send({ planId: plans.pro.id, billingCycle: 'monthly' })
      .expect(201);
    await expect(api.assertCanActivateListing(owner.id, 500)).resolves.toBeUndefined();
    expect(await api.limitsFor(owner.id)).toMatchObject({
      planCode: 'pro',
      maxActiveListings: null,
      maxRentalsPerMonth: null,
    });
  });

  it('refuses an owner’s rental beyond the plan’s monthly allowance', async () => {
    const owner = randomUUID();
    for (let i = 0; i < 5; i++)
      await t.db.query(
        `INSERT INTO subscription.rental_usage (rental_id, owner_id, renter_id, accepted_at) VALUES ($1, $2, $3, now())`,
        [randomUUID(), owner, randomUUID()],
      );
    await expect(api.assertCanAcceptRental(owner)).rejects.toMatchObject({
      code: 'SUBSCRIPTION.RENTAL_LIMIT_REACHED',
      details: { limit: { name: 'rentalsPerMonth', max: 5, used: 5 } },
    });
  });
});
