import { openConversation } from '../../../support/messaging.factory';
import type { BolaRegistry, Fixtures } from './types';

/** An inquiry from a renter about an owner's product: the renter's conversation. */
async function conversation(f: Fixtures) {
  const owner = await f.user();
  const renter = await f.user();
  const product = await f.product(owner);
  const opened = await openConversation(f.t, renter, { productId: product.id }, 'Is it free next week?');
  return { renter, owner, id: opened.id, messageId: opened.message.id };
}

async function subscribed(f: Fixtures) {
  const owner = await f.user();
  await f.paymentMethod(owner);
  const free = await f.plan('free');
  const subscription = await f.post<{ id: string }>(owner, '/api/v1/subscription/subscriptions', {
    planId: free.id,
    billingCycle: 'monthly',
  });
  return { owner, id: subscription.id };
}

/** Conversations, review stats, plans and subscriptions. */
export const MESSAGING_REVIEW_SUBSCRIPTION: BolaRegistry = {
  'GET /api/v1/messaging/conversations/{id}': [
    {
      name: 'a conversation',
      exposure: 'private',
      setup: async (f) => {
        const c = await conversation(f);
        return { owner: c.owner, params: { id: c.id } };
      },
    },
  ],
  'POST /api/v1/messaging/conversations/{id}/read': [
    {
      name: 'marking a conversation read',
      exposure: 'private',
      setup: async (f) => {
        const c = await conversation(f);
        return { owner: c.owner, params: { id: c.id }, body: { upToMessageId: c.messageId } };
      },
    },
  ],
  'POST /api/v1/messaging/conversations/{id}/messages': [
    {
      name: 'posting into a conversation',
      exposure: 'private',
      setup: async (f) => {
        const c = await conversation(f);
        return { owner: c.renter, params: { id: c.id }, body: { type: 'text', body: 'Tomorrow at nine?' } };
      },
    },
  ],
  'GET /api/v1/messaging/conversations/{id}/messages': [
    {
      name: "a conversation's messages",
      exposure: 'private',
      setup: async (f) => {
        const c = await conversation(f);
        return { owner: c.renter, params: { id: c.id }, query: { limit: '10' } };
      },
    },
  ],
  'GET /api/v1/review/products/{id}/review-stats': [
    {
      name: "a product's rating stats",
      exposure: 'public-read',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: { id: (await f.product(owner)).id } };
      },
    },
  ],
  'GET /api/v1/review/users/{id}/review-stats': [
    {
      name: "a user's rating stats",
      exposure: 'public-read',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: { id: owner.id } };
      },
    },
  ],
  'GET /api/v1/subscription/plans/{id}': [
    {
      name: 'a plan',
      exposure: 'public-read',
      setup: async (f) => ({ owner: await f.user(), params: { id: (await f.plan('basic')).id } }),
    },
  ],
  'GET /api/v1/subscription/subscriptions/{id}': [
    {
      name: 'a subscription',
      exposure: 'private',
      setup: async (f) => {
        const s = await subscribed(f);
        return { owner: s.owner, params: { id: s.id } };
      },
    },
  ],
  'PUT /api/v1/subscription/subscriptions/{id}/plan': [
    {
      name: 'changing the plan',
      exposure: 'private',
      setup: async (f) => {
        const s = await subscribed(f);
        return {
          owner: s.owner,
          params: { id: s.id },
          body: { planId: (await f.plan('basic')).id, billingCycle: 'monthly' },
        };
      },
    },
  ],
  'PUT /api/v1/subscription/subscriptions/{id}/cancel': [
    {
      name: 'cancelling',
      exposure: 'private',
      setup: async (f) => {
        const s = await subscribed(f);
        return { owner: s.owner, params: { id: s.id }, body: { atPeriodEnd: false } };
      },
    },
  ],
  'GET /api/v1/subscription/subscriptions/{id}/usage': [
    {
      name: "a subscription's usage",
      exposure: 'private',
      setup: async (f) => {
        const s = await subscribed(f);
        return { owner: s.owner, params: { id: s.id } };
      },
    },
  ],
};
