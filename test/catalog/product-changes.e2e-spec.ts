import {
  RentalAccepted,
  RentalCancelled,
  RentalHandedOver,
  RentalRequested,
  RentalReturned,
} from '../../src/modules/rental';
import type { RentalEventPayload } from '../../src/modules/rental';
import { CatalogApi } from '../../src/modules/catalog';
import { EventBus } from '../../src/platform/events/event-bus';
import type { IntegrationEvent } from '../../src/platform/events/integration-event';
import { randomUUID } from 'node:crypto';
import { createCategory, createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('catalog: changing and deleting products', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let other: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.http, { fullName: 'Olivia Owner' });
    other = await signUp(t.http, { fullName: 'Rita Renter' });
  });
  afterAll(() => t.close());

  const put = (p: { id: string }, body: object, as: SignedUpUser = owner) =>
    t.http.put(`/api/v1/products/${p.id}`).set(as.auth).send(body);
  const del = (p: { id: string }, as: SignedUpUser = owner) =>
    t.http.delete(`/api/v1/products/${p.id}`).set(as.auth);
  const outboxTypes = async (productId: string) =>
    (
      await t.db.query(
        `SELECT type FROM catalog.outbox_events WHERE payload->>'productId' = $1 ORDER BY occurred_at, type`,
        [productId],
      )
    ).map((r: { type: string }) => r.type);
  const row = async (id: string) =>
    (await t.db.query('SELECT * FROM catalog.products WHERE id = $1', [id]))[0];

  async function deliver(event: IntegrationEvent<RentalEventPayload>) {
    for (const s of t.app.get(EventBus).subscribersOf(event))
      await t.db.transaction((m) => s.handle(event, m));
  }
  const rentalEvent = (
    definition: typeof RentalAccepted,
    p: ProductBody,
    rentalId: string,
    startDate: string,
    endDate: string,
    status: RentalEventPayload['status'],
  ) =>
    definition.create({
      rentalId,
      productId: p.id,
      renterId: other.id,
      ownerId: p.ownerId,
      startDate,
      endDate,
      status,
      previousStatus: null,
      actorId: null,
      cancelledBy: null,
      quote: {
        currency: 'EUR',
        rentalDays: 2,
        subtotal: 5000,
        platformFee: 500,
        deposit: 10000,
        total: 15500,
      },
    });

  it('PUT changes only the given fields; pricing and rules merge member by member', async () => {
    const p = await createProduct(t, owner, {
      pricing: { dailyPrice: 2500, weeklyPrice: 14000, deposit: 10000, currency: 'EUR' },
      specifications: { brand: 'Bosch' },
    });
    const res = await put(p, {
      title: 'Bosch drill, renamed',
      pricing: { dailyPrice: 3000 },
      rules: { maxDays: 10 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...p,
      title: 'Bosch drill, renamed',
      pricing: { dailyPrice: 3000, weeklyPrice: 14000, deposit: 10000, currency: 'EUR' },
      rules: { ...p.rules, maxDays: 10 },
      updatedAt: expect.any(String),
    });
    expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThan(new Date(p.updatedAt).getTime());
    expect(await row(p.id)).toMatchObject({ title: 'Bosch drill, renamed', daily_price: 3000, max_days: 10 });
    expect((await t.http.get(`/api/v1/products/${p.id}`)).body).toEqual(res.body);
  });

  it('PUT sets the cancellation policy alone, keeping the other rules; CatalogApi carries it to rental', async () => {
    const p = await createProduct(t, owner, { rules: { maxDays: 12 } });
    expect(p.rules.cancellationPolicy).toBe('flexible');
    const res = await put(p, { rules: { cancellationPolicy: 'strict' } });
    expect(res.status).toBe(200);
    expect(res.body.rules).toEqual({ ...p.rules, cancellationPolicy: 'strict' });
    expect(await row(p.id)).toMatchObject({ cancellation_policy: 'strict', max_days: 12 });
    const snapshot = await t.app.get(CatalogApi).findProduct(p.id);
    expect(snapshot?.rules).toEqual({
      minDays: 1,
      maxDays: 12,
      leadTimeDays: 0,
      bufferDays: 0,
      cancellationPolicy: 'strict',
    });
  });

  it('PUT replaces tags, images, specifications and address whole; null clears optional values', async () => {
    const p = await createProduct(t, owner, {
      tags: ['a', 'b'],
      address: { street: 'Main 1', city: 'Lisbon', country: 'PT', lat: 38.7, lng: -9.1 },
      pricing: { dailyPrice: 1000, weeklyPrice: 5000, currency: 'EUR' },
    });
    const res = await put(p, {
      tags: ['C'],
      images: [{ url: 'https://img.example.com/new.jpg', alt: 'new' }],
      specifications: { colour: 'red' },
      address: { city: 'Porto', country: 'PT' },
      pricing: { weeklyPrice: null },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tags: ['C'],
      images: [{ url: 'https://img.example.com/new.jpg', alt: 'new', position: 0 }],
      specifications: { colour: 'red' },
      address: { street: null, city: 'Porto', country: 'PT', lat: null, lng: null },
      pricing: { dailyPrice: 1000, weeklyPrice: null },
    });
    const tags = await t.db.query(
      `SELECT t.name FROM catalog.product_tags pt JOIN catalog.tags t ON t.id = pt.tag_id WHERE pt.product_id = $1`,
      [p.id],
    );
    expect(tags).toEqual([{ name: 'C' }]);
    const images = await t.db.query('SELECT url FROM catalog.product_images WHERE product_id = $1', [p.id]);
    expect(images).toEqual([{ url: 'https://img.example.com/new.jpg' }]);
    const cleared = await put(p, { tags: [], images: [] });
    expect(cleared.body).toMatchObject({ tags: [], images: [] });
  });

  it('PUT publishes ProductUpdated, and ProductListed the first time a product becomes active', async () => {
    const p = await createProduct(t, owner, { status: 'draft' });
    expect(await outboxTypes(p.id)).toEqual([]);
    await put(p, { title: 'Still a draft' });
    expect(await outboxTypes(p.id)).toEqual(['catalog.ProductUpdated']);
    await put(p, { status: 'active' });
    await put(p, { status: 'paused' });
    await put(p, { status: 'active' });
    expect(await outboxTypes(p.id)).toEqual([
      'catalog.ProductUpdated',
      'catalog.ProductListed',
      'catalog.ProductUpdated',
      'catalog.ProductUpdated',
      'catalog.ProductUpdated',
    ]);
    const [last] = await t.db.query(
      `SELECT payload FROM catalog.outbox_events WHERE payload->>'productId' = $1 ORDER BY occurred_at DESC LIMIT 1`,
      [p.id],
    );
    expect(last.payload).toEqual({
      productId: p.id,
      ownerId: owner.id,
      title: 'Still a draft',
      status: 'active',
    });
  });

  it('PUT by anyone but the owner is 404 and changes nothing', async () => {
    const p = await createProduct(t, owner);
    const before = await row(p.id);
    const res = await put(p, { title: 'Hijacked' }, other);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CATALOG.PRODUCT_NOT_FOUND');
    expect(await row(p.id)).toEqual(before);
    expect((await t.http.put(`/api/v1/products/${p.id}`).send({ title: 'Anon' })).status).toBe(401);
    expect((await put({ id: randomUUID() }, { title: 'Nothing' })).status).toBe(404);
  });

  it.each([
    [{ title: 'ab' }, 'title'],
    [{ pricing: { dailyPrice: null } }, 'pricing.dailyPrice'],
    [{ pricing: { dailyPrice: 100 } }, 'pricing.weeklyPrice'], // the stored weekly 14000 > 7 × 100
    [{ rules: { minDays: 20, maxDays: 10 } }, 'rules.maxDays'],
    [{ rules: { minDays: 31 } }, 'rules.maxDays'], // against the stored maxDays 30
    [{ address: { city: 'X', country: 'PT', lat: 1 } }, 'address'],
    [{ address: null }, 'address'],
    [{ status: null }, 'status'],
    [{ categoryId: randomUUID() }, 'categoryId'],
    [{ ownerId: randomUUID() }, 'ownerId'],
    [{ images: [{ url: 'http://insecure.example.com/a.jpg' }] }, 'images.0.url'],
    [{ rules: { cancellationPolicy: 'lenient' } }, 'rules.cancellationPolicy'],
    [{ rules: { cancellationPolicy: null } }, 'rules.cancellationPolicy'],
  ])('PUT %j is a 422 naming %s and changes nothing', async (body, field) => {
    const p = await createProduct(t, owner, {
      pricing: { dailyPrice: 2500, weeklyPrice: 14000, currency: 'EUR' },
    });
    const before = await row(p.id);
    const res = await put(p, body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await row(p.id)).toEqual(before);
  });

  it('PUT moves a product to another category', async () => {
    const p = await createProduct(t, owner);
    const target = await createCategory(t, { name: 'Garden' });
    const res = await put(p, { categoryId: target.id });
    expect(res.status).toBe(200);
    expect(res.body.category).toEqual({ id: target.id, name: 'Garden', slug: target.slug });
  });

  it('DELETE soft-deletes: 204, row kept with deleted_at, gone from reads and search, ProductDeleted', async () => {
    const p = await createProduct(t, owner);
    const res = await del(p);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const r = await row(p.id);
    expect(r.deleted_at).toBeInstanceOf(Date);
    expect(r.status).toBe('active');
    expect(await outboxTypes(p.id)).toEqual(['catalog.ProductListed', 'catalog.ProductDeleted']);
    expect((await t.http.get(`/api/v1/products/${p.id}`).set(owner.auth)).status).toBe(404);
    const mine = await t.http
      .get('/api/v1/products')
      .query({ ownerId: owner.id, limit: 100 })
      .set(owner.auth);
    expect(mine.body.items.map((i: { id: string }) => i.id)).not.toContain(p.id);
    expect((await put(p, { title: 'Back from the dead' })).status).toBe(404);
    expect((await del(p)).status).toBe(404);
  });

  it("DELETE of someone else's product is 404 and deletes nothing", async () => {
    const p = await createProduct(t, owner);
    expect((await del(p, other)).status).toBe(404);
    expect((await row(p.id)).deleted_at).toBeNull();
    expect((await t.http.delete(`/api/v1/products/${p.id}`)).status).toBe(401);
  });

  it('DELETE is refused (409, naming them) while accepted or ongoing rentals are still to come', async () => {
    const p = await createProduct(t, owner);
    const accepted = randomUUID();
    const ongoing = randomUUID();
    const past = randomUUID();
    const requested = randomUUID();
    await deliver(rentalEvent(RentalAccepted, p, accepted, day(10), day(12), 'accepted'));
    await deliver(rentalEvent(RentalHandedOver, p, ongoing, day(-1), day(2), 'active'));
    await deliver(rentalEvent(RentalAccepted, p, past, day(-10), day(-5), 'accepted'));
    await deliver(rentalEvent(RentalRequested, p, requested, day(20), day(22), 'requested'));
    const res = await del(p);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'CATALOG.PRODUCT_HAS_UPCOMING_RENTALS',
      rentals: [
        { rentalId: ongoing, startDate: day(-1), endDate: day(2), status: 'active' },
        { rentalId: accepted, startDate: day(10), endDate: day(12), status: 'accepted' },
      ],
    });
    expect((await row(p.id)).deleted_at).toBeNull();
    expect(await outboxTypes(p.id)).toEqual(['catalog.ProductListed']);

    // Once those are settled (cancelled, returned) the product can go.
    await deliver(rentalEvent(RentalCancelled, p, accepted, day(10), day(12), 'cancelled'));
    expect((await del(p)).status).toBe(409);
    await deliver(rentalEvent(RentalReturned, p, ongoing, day(-1), day(2), 'returned'));
    expect((await del(p)).status).toBe(204);
  });
});
