import { createOneSocietyClient, type OneSocietyClient } from '../../../clients/typescript/src';
import { sandboxOnboardingTarget } from '../../support/connect.factory';
import { conformanceMiddleware } from '../../support/contract-fetch';
import { utcDay } from '../../support/rental.factory';
import { eventually } from '../../support/waiting';
import type { Deployment } from './deployment';

export interface Member {
  api: OneSocietyClient;
  id: string;
  email: string;
}

const PASSWORD = 'correct-Horse-42';

/** Signs up through the typed client; the client then sends the member's token. */
export async function member(d: Deployment, label: string): Promise<Member> {
  const session: { token?: string } = {};
  const api = await createOneSocietyClient({ baseUrl: d.url, accessToken: () => session.token });
  api.use(conformanceMiddleware);
  const email = `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const { data, response } = await api.POST('/api/v1/auth/signup', {
    body: { email, password: PASSWORD, fullName: `${label} Journey` },
  });
  if (response.status !== 201) throw new Error(`signup answered ${response.status}`);
  session.token = data!.accessToken;
  return { api, id: data!.user.id, email };
}

/** An admin: promoted in the database (no endpoint does that), signed in again for the role. */
async function admin(d: Deployment): Promise<OneSocietyClient> {
  const person = await member(d, 'admin');
  await d.db.query(`UPDATE identity.users SET role = 'admin' WHERE id = $1`, [person.id]);
  const session: { token?: string } = {};
  const api = await createOneSocietyClient({ baseUrl: d.url, accessToken: () => session.token });
  const login = await api.POST('/api/v1/auth/login', { body: { email: person.email, password: PASSWORD } });
  expect([login.response.status, login.error]).toEqual([200, undefined]);
  session.token = (login.data as { accessToken: string }).accessToken;
  return api;
}

/** An owner with an active product: 1500 EUR a day, a 5000 deposit. */
export async function ownProduct(d: Deployment): Promise<{ owner: Member; productId: string }> {
  const owner = await member(d, 'owner');
  const category = await (
    await admin(d)
  ).POST('/api/v1/categories', { body: { name: `Tools ${Date.now()}` } });
  expect([category.response.status, category.error]).toEqual([201, undefined]);
  const listed = await owner.api.POST('/api/v1/products', {
    body: {
      title: 'Cordless drill with two batteries',
      description: 'Bosch 18V, two batteries and a case.',
      categoryId: category.data!.id,
      condition: 'good',
      address: { city: 'Lisbon', country: 'PT', lat: 38.72, lng: -9.14 },
      pricing: { dailyPrice: 1500, currency: 'EUR', deposit: 5000 },
      status: 'active',
    },
  });
  expect(listed.response.status).toBe(201);
  return { owner, productId: listed.data!.id };
}

/** An owner onboarded for payouts (the sandbox's hosted onboarding) with an active product. */
export async function listedProduct(d: Deployment): Promise<{ owner: Member; productId: string }> {
  const { owner, productId } = await ownProduct(d);
  const link = await owner.api.POST('/api/v1/payment/connect/onboarding-link');
  expect([link.response.status, link.error]).toEqual([201, undefined]);
  const { path, link: proof } = sandboxOnboardingTarget(link.data!.url);
  const onboarded = await owner.api.POST('/api/v1/payment/sandbox/connect/accounts/{accountId}/onboarding', {
    params: { path: { accountId: path.split('/').at(-2)! } },
    body: { link: proof, outcome: 'complete' },
  });
  expect(onboarded.data!.account).toMatchObject({ payoutsEnabled: true });
  return { owner, productId };
}

/** A renter with a saved card. */
export async function renterWithCard(d: Deployment): Promise<Member> {
  const renter = await member(d, 'renter');
  const card = await renter.api.POST('/api/v1/payment/payment-methods', {
    body: { token: 'pm_card_visa', makeDefault: true },
  });
  expect(card.response.status).toBe(201);
  return renter;
}

/** The system messages of a rental's conversation, as the renter reads them. */
export async function systemMessages(renter: Member, conversationId: string): Promise<string[]> {
  const thread = await renter.api.GET('/api/v1/messaging/conversations/{id}/messages', {
    params: { path: { id: conversationId }, query: { limit: 50 } },
  });
  return (thread.data?.items ?? []).filter((m) => m.type === 'system').map((m) => m.body ?? '');
}

/**
 * The marketplace journey of test/contract/user-journey, against a deployment of built processes:
 * sign up, list, onboard for payouts, book, message, accept, hand over, return, complete, get paid,
 * review. Work other processes do on events is awaited by polling the API, never by reaching in.
 */
export async function userJourney(d: Deployment): Promise<{ rentalId: string }> {
  const { owner, productId } = await listedProduct(d);
  const renter = await renterWithCard(d);
  const found = await renter.api.GET('/api/v1/products', { params: { query: { q: 'drill' } } });
  expect(found.data!.items.map((p) => p.id)).toContain(productId);

  const booked = await renter.api.POST('/api/v1/rentals', {
    body: { productId, startDate: utcDay(2), endDate: utcDay(5), notes: 'Pick-up around 10?' },
    params: { header: { 'Idempotency-Key': `journey-${productId}` } },
  });
  expect([booked.response.status, booked.error]).toEqual([201, undefined]);
  const rental = booked.data!;
  expect(rental).toMatchObject({ status: 'requested', quote: { rentalDays: 3, subtotal: 4500 } });

  const opened = await renter.api.POST('/api/v1/messaging/conversations', {
    body: { rentalId: rental.id, message: 'Hi! Can I pick it up at 10?' },
  });
  expect([opened.response.status, opened.error]).toEqual([201, undefined]);
  const conversationId = opened.data!.id;

  for (const status of ['accepted', 'active', 'returned', 'completed'] as const) {
    const moved = await owner.api.PUT('/api/v1/rentals/{id}', {
      params: { path: { id: rental.id } },
      body: { status },
    });
    expect([moved.response.status, moved.data?.status]).toEqual([200, status]);
  }
  // Messaging tells each step in the conversation when rental's events reach it.
  await eventually(async () => (await systemMessages(renter, conversationId)).length >= 4, 30_000);

  // PAYOUT_DELAY_HOURS=0: the release job pays the owner on its next run after completion.
  await eventually(async () => {
    const payouts = await owner.api.GET('/api/v1/payment/payouts');
    return (payouts.data?.items ?? []).some((p) => p.rentalId === rental.id && p.status === 'transferred');
  }, 30_000);

  for (const [author, body] of [
    [
      renter,
      { rentalId: rental.id, revieweeId: owner.id, role: 'owner' as const, rating: 5, body: 'Great drill.' },
    ],
    [
      owner,
      { rentalId: rental.id, revieweeId: renter.id, role: 'renter' as const, rating: 4, body: 'On time.' },
    ],
  ] as const) {
    const reviewed = await author.api.POST('/api/v1/review/user-reviews', { body });
    expect(reviewed.response.status).toBe(201);
  }
  const productReview = await renter.api.POST('/api/v1/review/product-reviews', {
    body: {
      productId,
      rentalId: rental.id,
      rating: 5,
      title: 'Does the job',
      body: 'Forty holes, no hitch.',
    },
  });
  expect(productReview.response.status).toBe(201);
  // Catalog learns the rating from review's event, in another process.
  await eventually(async () => {
    const detail = await renter.api.GET('/api/v1/products/{id}', { params: { path: { id: productId } } });
    return detail.data?.rating.count === 1;
  }, 30_000);
  return { rentalId: rental.id };
}
