import { createOneSocietyClient, type OneSocietyClient } from '../../clients/typescript/src';
import { EventRelay } from '../../src/platform/events/event-relay';
import { createCategory, signUpAdmin } from '../support/catalog.factory';
import { sandboxOnboardingTarget } from '../support/connect.factory';
import { conformanceMiddleware } from '../support/contract-fetch';
import { HOUR, releasePayouts } from '../support/payout.factory';
import { utcDay } from '../support/rental.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The second journey through the generated TypeScript client, over real HTTP: the item comes back
 * damaged, the owner files a claim against the deposit, the renter disputes it, an admin settles it
 * at part of the claim, both read the outcome in their conversation, and the owner is paid their
 * share of the rental and the awarded part of the deposit.
 */
describe('claim journey through the typed client', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp({ PAYOUTS_REQUIRE_ONBOARDING: 'true' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(() => t.close());

  const deliverEvents = () => t.app.get(EventRelay).drain();
  const clientFor = async (token: string): Promise<OneSocietyClient> => {
    const api = await createOneSocietyClient({ baseUrl, accessToken: () => token });
    api.use(conformanceMiddleware);
    return api;
  };
  async function member(label: string): Promise<{ api: OneSocietyClient; id: string }> {
    const anonymous = await createOneSocietyClient({ baseUrl });
    const { data, response } = await anonymous.POST('/api/v1/auth/signup', {
      body: {
        email: `${label}-${Date.now()}@example.com`,
        password: 'correct-Horse-42',
        fullName: `${label} Claim`,
      },
    });
    expect(response.status).toBe(201);
    return { api: await clientFor(data!.accessToken), id: data!.user.id };
  }

  it('runs from a damaged return to an admin-settled claim and the owner paid', async () => {
    const [owner, renter] = [await member('owner'), await member('renter')];
    const admin = await clientFor((await signUpAdmin(t)).accessToken);
    const category = await createCategory(t, { name: `Ladders ${Date.now()}` });

    const link = await owner.api.POST('/api/v1/payment/connect/onboarding-link');
    const { path, link: proof } = sandboxOnboardingTarget(link.data!.url);
    await owner.api.POST('/api/v1/payment/sandbox/connect/accounts/{accountId}/onboarding', {
      params: { path: { accountId: path.split('/').at(-2)! } },
      body: { link: proof, outcome: 'complete' },
    });
    const listed = await owner.api.POST('/api/v1/products', {
      body: {
        title: 'Telescopic ladder, 3.8 m',
        description: 'Aluminium, folds to 90 cm.',
        categoryId: category.id,
        condition: 'good',
        address: { city: 'Porto', country: 'PT', lat: 41.15, lng: -8.61 },
        pricing: { dailyPrice: 1500, currency: 'EUR', deposit: 5000 },
        status: 'active',
      },
    });
    expect(listed.response.status).toBe(201);
    await renter.api.POST('/api/v1/payment/payment-methods', {
      body: { token: 'pm_card_visa', makeDefault: true },
    });
    const booked = await renter.api.POST('/api/v1/rentals', {
      body: { productId: listed.data!.id, startDate: utcDay(2), endDate: utcDay(5) },
    });
    expect(booked.response.status).toBe(201);
    const rentalId = booked.data!.id;
    await deliverEvents();
    for (const status of ['accepted', 'active', 'returned'] as const) {
      await owner.api.PUT('/api/v1/rentals/{id}', { params: { path: { id: rentalId } }, body: { status } });
      await deliverEvents();
    }

    // The ladder came back bent: the owner claims 3000 of the 5000 deposit.
    const filed = await owner.api.POST('/api/v1/payment/rentals/{rentalId}/claims', {
      params: { path: { rentalId } },
      body: {
        amount: 3000,
        currency: 'EUR',
        description: 'The second section is bent.',
        photos: ['media/bent.jpg'],
      },
    });
    expect(filed.response.status).toBe(201);
    expect(filed.data).toMatchObject({ status: 'open', depositStatus: 'held' });
    const claimId = filed.data!.id;

    const disputed = await renter.api.POST('/api/v1/payment/claims/{claimId}/dispute', {
      params: { path: { claimId } },
      body: { note: 'It was bent when I collected it.' },
    });
    expect(disputed.data).toMatchObject({ status: 'disputed' });

    const queue = await admin.GET('/api/v1/admin/claims', { params: { query: { status: 'disputed' } } });
    expect(queue.data!.items.map((c) => c.id)).toContain(claimId);
    const settled = await admin.POST('/api/v1/admin/claims/{claimId}/resolution', {
      params: { path: { claimId } },
      body: { amount: 1800, note: 'Photos at hand-over show a small dent already; the bend is new.' },
    });
    expect(settled.response.status).toBe(200);
    expect(settled.data).toMatchObject({
      status: 'resolved',
      awarded: 1800,
      depositStatus: 'captured',
      depositCaptured: 1800,
    });
    await deliverEvents();

    const seen = await renter.api.GET('/api/v1/payment/claims/{claimId}', { params: { path: { claimId } } });
    expect(seen.data!.history.map((h) => h.status)).toEqual(['open', 'disputed', 'resolved']);
    const conversations = await renter.api.GET('/api/v1/messaging/conversations');
    const conversation = conversations.data!.items.find((c) => c.rentalId === rentalId)!;
    const thread = await renter.api.GET('/api/v1/messaging/conversations/{id}/messages', {
      params: { path: { id: conversation.id }, query: { limit: 50 } },
    });
    expect(
      thread
        .data!.items.filter((m) => m.systemEvent?.startsWith('claim.'))
        .map((m) => m.systemEvent)
        .sort(),
    ).toEqual(['claim.disputed', 'claim.filed', 'claim.resolved']);

    // The owner confirms completion; after the payout delay both shares reach their account.
    await owner.api.PUT('/api/v1/rentals/{id}', {
      params: { path: { id: rentalId } },
      body: { status: 'completed' },
    });
    await deliverEvents();
    await releasePayouts(t, new Date(Date.now() + 49 * HOUR));
    const payouts = await owner.api.GET('/api/v1/payment/payouts');
    expect(
      payouts
        .data!.items.filter((p) => p.rentalId === rentalId)
        .map((p) => [p.amount, p.status])
        .sort(),
    ).toEqual([
      [1800, 'transferred'],
      [4500, 'transferred'],
    ]);
  });
});
