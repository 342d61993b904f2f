import { addPaymentMethod } from '../../support/payment.factory';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';

/** The seeded plans by code (free, basic, pro). */
const plans = (world: ExampleWorld) =>
  world.once('plans', async () => {
    const res = await world.t.http.get('/api/v1/subscription/plans').expect(200);
    return Object.fromEntries((res.body.items as { code: string; id: string }[]).map((p) => [p.code, p.id]));
  });

/** A fresh subscriber of the basic plan, paid with a card. */
async function subscriber(world: ExampleWorld) {
  const user = await world.person();
  await addPaymentMethod(world.t, user);
  const res = await world.t.http
    .post('/api/v1/subscription/subscriptions')
    .set(user.auth)
    .send({ planId: (await plans(world)).basic, billingCycle: 'monthly' })
    .expect(201);
  return { auth: user.auth, ids: { id: res.body.id as string } };
}

export const subscriptionExamples: ExampleFixtures = {
  subscription_listPlans: async () => ({}),
  subscription_getPlan: async (world) => ({ ids: { id: (await plans(world)).basic } }),
  subscription_createSubscription: async (world) => {
    const user = await world.person();
    await addPaymentMethod(world.t, user);
    return { auth: user.auth, ids: { planId: (await plans(world)).basic } };
  },
  subscription_listSubscriptions: async (world) => ({ auth: (await subscriber(world)).auth }),
  subscription_getSubscription: subscriber,
  subscription_changePlan: async (world) => {
    const { auth, ids } = await subscriber(world);
    return { auth, ids: { ...ids, planId: (await plans(world)).pro } };
  },
  subscription_cancelSubscription: subscriber,
  subscription_getSubscriptionUsage: subscriber,
  subscription_getMyUsage: async (world) => ({ auth: (await subscriber(world)).auth }),
};
