import { randomBytes } from 'node:crypto';
import {
  authLogin,
  authSignup,
  catalogCreateProduct,
  catalogGetProduct,
  catalogSearchProducts,
  catalogUpdateProduct,
  createZodCheckedClient,
  messagingListConversations,
  messagingListMessages,
  messagingOpenConversation,
  paymentAddPaymentMethod,
  rentalCheckAvailability,
  rentalCreateRental,
  rentalUpdateRental,
  schemas,
  subscriptionCreateSubscription,
  subscriptionGetSubscription,
  subscriptionListPlans,
  type ZodCheckedClient,
} from '../../clients/zod';
import { createCategory } from '../support/catalog.factory';
import { assertFetchAnswerConforms } from '../support/contract-fetch';
import { utcDay } from '../support/rental.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { EventRelay } from '../../src/platform/events/event-relay';

/**
 * A slice of the marketplace journey through the second generated client (clients/zod), whose SDK
 * parses every 2xx body with the zod schema of its operation. The typed client only checks at compile
 * time what the document promises; here a null the document says cannot happen, or an enum value it
 * does not list, makes the call reject, so the answers the app really sends are held to the document.
 */
describe('journey through the zod-validated client', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(() => t.close());

  const password = 'correct-Horse-42';
  const deliverEvents = () => t.app.get(EventRelay).drain();

  /** Signs up, then signs in again with the password: both answers go through the validator. */
  async function member(label: string): Promise<{ client: ZodCheckedClient; id: string }> {
    const session: { token?: string } = {};
    const client = createZodCheckedClient({ baseUrl, accessToken: () => session.token });
    // zod checks 2xx bodies; the shared check also holds statuses, content types and problems to the document.
    client.interceptors.response.use(async (response, request) => {
      await assertFetchAnswerConforms(request, response);
      return response;
    });
    const email = `${label}-${Date.now()}@example.com`;
    const signedUp = await authSignup({ client, body: { email, password, fullName: `${label} Zod` } });
    expect(signedUp.error).toBeUndefined();
    expect(signedUp.response.status).toBe(201);
    expect(signedUp.data!.user).toMatchObject({ email, mfaEnabled: false, profile: { bio: null } });

    const loggedIn = await authLogin({ client, body: { email, password } });
    expect(loggedIn.response.status).toBe(200);
    const login = loggedIn.data!;
    if (!('accessToken' in login)) throw new Error('expected a session, got an MFA challenge');
    session.token = login.accessToken;
    return { client, id: login.user.id };
  }

  /**
   * A product listed as a draft, then published; no weekly price and no image, so both stay null. Its
   * category's id is hash-derived, without RFC 4122 version bits: still an id, for both clients.
   */
  async function publishedDrill(owner: { client: ZodCheckedClient }): Promise<string> {
    const made = await createCategory(t, { name: `Zod tools ${Date.now()}` });
    const hex = randomBytes(16).toString('hex');
    // Version nibble 0 and variant nibble 0: no RFC 4122 UUID, still an id by the API's rule.
    const category = {
      id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0${hex.slice(13, 16)}-0${hex.slice(17, 20)}-${hex.slice(20)}`,
    };
    await t.db.query('UPDATE catalog.categories SET id = $1 WHERE id = $2', [category.id, made.id]);
    const created = await catalogCreateProduct({
      client: owner.client,
      body: {
        title: 'Hammer drill, zod-checked',
        description: 'Makita 18V with a spare battery.',
        categoryId: category.id,
        tags: ['drill'],
        condition: 'good',
        address: { city: 'Porto', country: 'PT' },
        pricing: { dailyPrice: 1200, currency: 'EUR', deposit: 3000 },
        status: 'draft',
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ status: 'draft', images: [], pricing: { weeklyPrice: null } });

    const published = await catalogUpdateProduct({
      client: owner.client,
      path: { id: created.data!.id },
      body: { status: 'active' },
    });
    expect(published.response.status).toBe(200);
    expect(published.data!.status).toBe('active');
    categoryIds.set(created.data!.id, category.id);
    return created.data!.id;
  }
  const categoryIds = new Map<string, string>();

  it('validates every answer from signup to an accepted rental and a free subscription', async () => {
    const owner = await member('owner');
    const renter = await member('renter');
    const productId = await publishedDrill(owner);

    const found = await catalogSearchProducts({ client: renter.client, query: { q: 'hammer drill' } });
    expect(found.response.status).toBe(200);
    const hit = found.data!.items.find((p) => p.id === productId);
    expect(hit).toMatchObject({
      coverImage: null,
      pricing: { weeklyPrice: null },
      rating: { average: null },
    });

    const detail = await catalogGetProduct({ client: renter.client, path: { id: productId } });
    expect(detail.response.status).toBe(200);
    expect(detail.data).toMatchObject({
      category: { id: categoryIds.get(productId) },
      owner: { id: owner.id, avatarUrl: null },
      address: { street: null, lat: null, lng: null },
      pricing: { weeklyPrice: null },
    });

    const stay = { productId, startDate: utcDay(3), endDate: utcDay(6) };
    const quoted = await rentalCheckAvailability({ client: renter.client, body: stay });
    expect(quoted.response.status).toBe(200);
    expect(quoted.data).toMatchObject({
      available: true,
      conflicts: [],
      quote: { rentalDays: 3, subtotal: 3600 },
    });

    const card = await paymentAddPaymentMethod({
      client: renter.client,
      body: { token: 'pm_card_visa', makeDefault: true },
    });
    expect(card.response.status).toBe(201);
    expect(card.data).toMatchObject({ type: 'card', isDefault: true, wallet: null });

    const booked = await rentalCreateRental({
      client: renter.client,
      body: stay,
      headers: { 'Idempotency-Key': `zod-journey-${productId}` },
    });
    expect(booked.response.status).toBe(201);
    const rentalId = booked.data!.id;
    expect(booked.data).toMatchObject({
      status: 'requested',
      notes: null,
      cancelledBy: null,
      completedAt: null,
    });

    const opened = await messagingOpenConversation({
      client: renter.client,
      body: { rentalId, message: 'Could I collect it in the morning?' },
    });
    expect(opened.response.status).toBe(201);
    expect(opened.data).toMatchObject({ kind: 'rental', myRole: 'renter', message: { type: 'text' } });

    const accepted = await rentalUpdateRental({
      client: owner.client,
      path: { id: rentalId },
      body: { status: 'accepted' },
    });
    expect(accepted.response.status).toBe(200);
    expect(accepted.data!.status).toBe('accepted');
    await deliverEvents();

    const inbox = await messagingListConversations({ client: owner.client });
    expect(inbox.response.status).toBe(200);
    const conversation = inbox.data!.items.find((c) => c.id === opened.data!.id);
    expect(conversation).toMatchObject({ myRole: 'owner', rentalId, lastMessage: expect.any(Object) });

    const thread = await messagingListMessages({
      client: owner.client,
      path: { id: opened.data!.id },
      query: { limit: 50 },
    });
    expect(thread.response.status).toBe(200);
    const kinds = thread.data!.items.map((m) => [m.type, m.systemEvent]);
    expect(kinds).toEqual(expect.arrayContaining([['text', null]]));

    const plans = await subscriptionListPlans({ client: owner.client });
    expect(plans.response.status).toBe(200);
    const free = plans.data!.items.find((p) => p.code === 'free')!;
    const pro = plans.data!.items.find((p) => p.code === 'pro')!;
    expect(pro.limits).toEqual({ activeListings: null, rentalsPerMonth: null });

    const subscribed = await subscriptionCreateSubscription({
      client: owner.client,
      body: { planId: free.id, billingCycle: 'monthly' },
    });
    expect(subscribed.response.status).toBe(201);
    const current = await subscriptionGetSubscription({
      client: owner.client,
      path: { id: subscribed.data!.id },
    });
    expect(current.response.status).toBe(200);
    expect(current.data).toMatchObject({
      plan: { code: 'free' },
      status: 'active',
      latestCharge: null,
      pendingChange: null,
    });
  });

  describe('the validator bites', () => {
    /** A real GET /products/{id} body: the fixture every planted mistake below starts from. */
    async function realProductBody(): Promise<Record<string, unknown>> {
      const owner = await member('bitten');
      const id = await publishedDrill(owner);
      const { data } = await catalogGetProduct({ client: owner.client, path: { id } });
      return structuredClone(data!) as unknown as Record<string, unknown>;
    }
    const productSchema = schemas.zCatalogGetProductResponse;
    const issuesOf = (body: unknown) =>
      productSchema.safeParse(body).error?.issues.map((i) => i.path.join('.'));

    it('rejects a null where the document promises a value, and an enum value it does not list', async () => {
      const body = await realProductBody();
      expect(issuesOf(body)).toBeUndefined();
      const pricing = body.pricing as Record<string, unknown>;

      expect(issuesOf({ ...body, pricing: { ...pricing, dailyPrice: null } })).toEqual([
        'pricing.dailyPrice',
      ]);
      expect(issuesOf({ ...body, title: null })).toEqual(['title']);
      expect(issuesOf({ ...body, status: 'archived' })).toEqual(['status']);
      expect(issuesOf({ ...body, condition: 'broken' })).toEqual(['condition']);
      expect(issuesOf({ ...body, createdAt: 'yesterday' })).toEqual(['createdAt']);
      // What the document does allow still passes: a null owner, and a field it does not mention.
      expect(issuesOf({ ...body, owner: null, undocumented: true })).toBeUndefined();
    });

    it('makes the SDK call reject when the answer breaks the document', async () => {
      const owner = await member('tampered');
      const id = await publishedDrill(owner);
      // The app answers correctly; the interceptor plants the mistake before the validator runs.
      owner.client.interceptors.response.use(async (response) => {
        const body = { ...((await response.json()) as object), status: 'archived' };
        const headers = { 'content-type': response.headers.get('content-type') ?? 'application/json' };
        return new Response(JSON.stringify(body), { status: response.status, headers });
      });
      await expect(catalogGetProduct({ client: owner.client, path: { id } })).rejects.toMatchObject({
        name: 'ZodError',
        issues: [expect.objectContaining({ path: ['status'] })],
      });
    });
  });
});
