import sharp from 'sharp';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOneSocietyClient, type OneSocietyClient } from '../../clients/typescript/src';
import { leaksMetadata, photo } from '../support/hostile-files';
import { createCategory } from '../support/catalog.factory';
import { utcDay } from '../support/rental.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { EventRelay } from '../../src/platform/events/event-relay';
import { conformanceMiddleware } from '../support/contract-fetch';
import { sandboxOnboardingTarget } from '../support/connect.factory';
import { HOUR, releasePayouts } from '../support/payout.factory';

/**
 * A whole marketplace journey through the generated TypeScript client, over real HTTP:
 * sign up, list a product and upload its photo, another user books it, they message, it is accepted, handed over,
 * returned and completed, both review each other, and the owner, onboarded for payouts before
 * anyone could book, is paid their share. If the contract and the server drift apart,
 * this stops compiling or fails.
 */
describe('user journey through the typed client', () => {
  let t: TestApp;
  let baseUrl: string;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'user-journey-'));
    // As in production: a listing takes bookings once its owner can be paid.
    t = await createTestApp({ DATA_DIR: dataDir, PAYOUTS_REQUIRE_ONBOARDING: 'true' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const deliverEvents = () => t.app.get(EventRelay).drain();

  async function member(label: string): Promise<{ api: OneSocietyClient; id: string }> {
    const session: { token?: string } = {};
    const api = await createOneSocietyClient({ baseUrl, accessToken: () => session.token });
    api.use(conformanceMiddleware);
    const { data, error, response } = await api.POST('/api/v1/auth/signup', {
      body: {
        email: `${label}-${Date.now()}@example.com`,
        password: 'correct-Horse-42',
        fullName: `${label} Journey`,
      },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    session.token = data!.accessToken;
    return { api, id: data!.user.id };
  }

  it("runs from signup to mutual reviews and the owner's payout", async () => {
    const owner = await member('owner');
    const renter = await member('renter');
    const category = await createCategory(t, { name: `Tools ${Date.now()}` });

    const listed = await owner.api.POST('/api/v1/products', {
      body: {
        title: 'Cordless drill with two batteries',
        description: 'Bosch 18V, two batteries and a case.',
        categoryId: category.id,
        tags: ['drill', 'diy'],
        images: [{ url: 'https://images.example.com/drill.jpg', alt: 'The drill' }],
        condition: 'good',
        address: { city: 'Lisbon', country: 'PT', lat: 38.72, lng: -9.14 },
        pricing: { dailyPrice: 1500, currency: 'EUR', deposit: 5000 },
        status: 'active',
      },
    });
    expect(listed.response.status).toBe(201);
    const productId = listed.data!.id;

    // A photo with EXIF camera and GPS tags, sent as a browser would: a FormData body.
    const camera = await photo('jpeg', { width: 1200, height: 900 });
    const uploaded = await owner.api.POST('/api/v1/products/{productId}/images', {
      params: { path: { productId } },
      body: { file: 'drill.jpg', alt: 'The drill from the front' },
      bodySerializer: ({ file, alt }) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(camera.bytes)], { type: camera.contentType }), file);
        if (alt) form.append('alt', alt);
        return form;
      },
    });
    expect(uploaded.response.status).toBe(201);
    const variants = uploaded.data!.variants!;
    expect(uploaded.data).toMatchObject({ source: 'upload', position: 1, url: variants.full.url });
    const sizes = { thumbnail: [200, 200], card: [600, 450], full: [1200, 900] };
    for (const [name, variant] of Object.entries(variants)) {
      // The media route of this instance (the URL's origin is the configured MEDIA_PUBLIC_URL).
      const got = await fetch(new URL(new URL(variant.url).pathname, baseUrl));
      expect([got.status, got.headers.get('content-type')]).toEqual([200, 'image/webp']);
      const bytes = Buffer.from(await got.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height]).toEqual(sizes[name as keyof typeof sizes]);
      expect([variant.width, variant.height]).toEqual(sizes[name as keyof typeof sizes]);
      expect({ exif: meta.exif, leaks: leaksMetadata(bytes) }).toEqual({ exif: undefined, leaks: false });
    }
    const shown = await owner.api.GET('/api/v1/products/{id}', { params: { path: { id: productId } } });
    expect(shown.data!.images.map((i) => i.source)).toEqual(['url', 'upload']);

    const found = await renter.api.GET('/api/v1/products', {
      params: { query: { q: 'drill', categoryId: category.id } },
    });
    expect(found.data!.items.map((p) => p.id)).toContain(productId);

    const card = await renter.api.POST('/api/v1/payment/payment-methods', {
      body: { token: 'pm_card_visa', makeDefault: true },
    });
    expect(card.response.status).toBe(201);

    const rentalRequest = {
      body: { productId, startDate: utcDay(2), endDate: utcDay(5), notes: 'Pick-up around 10?' },
      params: { header: { 'Idempotency-Key': `journey-${productId}` } },
    };
    const tooEarly = await renter.api.POST('/api/v1/rentals', {
      ...rentalRequest,
      params: { header: { 'Idempotency-Key': `journey-early-${productId}` } },
    });
    expect(tooEarly.response.status).toBe(409);
    expect(tooEarly.error).toMatchObject({ code: 'RENTAL.OWNER_CANNOT_RECEIVE_PAYOUTS' });

    // The owner sets up payouts: Stripe's hosted onboarding, here the sandbox's page.
    const link = await owner.api.POST('/api/v1/payment/connect/onboarding-link');
    expect(link.response.status).toBe(201);
    const { path, link: proof } = sandboxOnboardingTarget(link.data!.url);
    const onboarded = await owner.api.POST(
      '/api/v1/payment/sandbox/connect/accounts/{accountId}/onboarding',
      {
        params: { path: { accountId: path.split('/').at(-2)! } },
        body: { link: proof, outcome: 'complete' },
      },
    );
    expect(onboarded.data!.account).toMatchObject({ payoutsEnabled: true, nextStep: 'none' });
    const account = await owner.api.GET('/api/v1/payment/connect/account');
    expect(account.data!.payoutsEnabled).toBe(true);

    const booked = await renter.api.POST('/api/v1/rentals', rentalRequest);
    expect(booked.response.status).toBe(201);
    const rental = booked.data!;
    expect(rental).toMatchObject({ status: 'requested', quote: { rentalDays: 3, subtotal: 4500 } });

    const opened = await renter.api.POST('/api/v1/messaging/conversations', {
      body: { rentalId: rental.id, message: 'Hi! Can I pick it up at 10?' },
    });
    expect(opened.response.status).toBe(201);
    const conversationId = opened.data!.id;
    const reply = await owner.api.POST('/api/v1/messaging/conversations/{id}/messages', {
      params: { path: { id: conversationId } },
      body: { type: 'text', body: 'Sure, see you then.' },
    });
    expect(reply.response.status).toBe(201);

    for (const status of ['accepted', 'active', 'returned', 'completed'] as const) {
      const moved = await owner.api.PUT('/api/v1/rentals/{id}', {
        params: { path: { id: rental.id } },
        body: { status },
      });
      expect(moved.response.status).toBe(200);
      expect(moved.data!.status).toBe(status);
      await deliverEvents();
    }

    const thread = await renter.api.GET('/api/v1/messaging/conversations/{id}/messages', {
      params: { path: { id: conversationId }, query: { limit: 50 } },
    });
    const systemMessages = thread.data!.items.filter((m) => m.type === 'system');
    expect(systemMessages.length).toBeGreaterThanOrEqual(4);

    const payments = await renter.api.GET('/api/v1/payment/payment-intents', {
      params: { query: { rentalId: rental.id } },
    });
    expect(payments.response.status).toBe(200);
    expect(payments.data!.items).toHaveLength(1);

    // The owner's share waits PAYOUT_DELAY_HOURS after completion, then reaches their payout account.
    const pending = await owner.api.GET('/api/v1/payment/rentals/{rentalId}/breakdown', {
      params: { path: { rentalId: rental.id } },
    });
    expect(pending.data).toMatchObject({
      role: 'owner',
      subtotal: 4500,
      ownerShare: 4500,
      payout: { status: 'pending', waitingFor: 'release_time', amount: 4500 },
    });
    await releasePayouts(
      t,
      new Date(Date.parse(pending.data!.payout!.releaseAfter as unknown as string) + HOUR),
    );
    await deliverEvents();
    const payouts = await owner.api.GET('/api/v1/payment/payouts');
    expect(payouts.data!.items).toEqual([
      expect.objectContaining({ rentalId: rental.id, status: 'transferred', amount: 4500, waitingFor: null }),
    ]);
    const seenByRenter = await renter.api.GET('/api/v1/payment/rentals/{rentalId}/breakdown', {
      params: { path: { rentalId: rental.id } },
    });
    expect(seenByRenter.data).toMatchObject({ role: 'renter', payout: null });

    const ofOwner = await renter.api.POST('/api/v1/review/user-reviews', {
      body: {
        rentalId: rental.id,
        revieweeId: owner.id,
        role: 'owner',
        rating: 5,
        body: 'Great drill, friendly owner.',
      },
    });
    const ofRenter = await owner.api.POST('/api/v1/review/user-reviews', {
      body: {
        rentalId: rental.id,
        revieweeId: renter.id,
        role: 'renter',
        rating: 4,
        body: 'Returned clean and on time.',
      },
    });
    expect([ofOwner.response.status, ofRenter.response.status]).toEqual([201, 201]);
    const productReview = await renter.api.POST('/api/v1/review/product-reviews', {
      body: {
        productId,
        rentalId: rental.id,
        rating: 5,
        title: 'Does the job',
        body: 'Drilled 40 holes without a hitch.',
      },
    });
    expect(productReview.response.status).toBe(201);
    expect(productReview.data!.verified).toBe(true);
    await deliverEvents();

    const stats = await owner.api.GET('/api/v1/review/users/{id}/review-stats', {
      params: { path: { id: owner.id } },
    });
    expect(stats.response.status).toBe(200);
    const detail = await renter.api.GET('/api/v1/products/{id}', { params: { path: { id: productId } } });
    expect(detail.data!.rating).toEqual({ average: 5, count: 1 });

    const [row] = await t.db.query('SELECT status FROM rental.rentals WHERE id = $1', [rental.id]);
    expect(row.status).toBe('completed');
  });
});
