import { EventRelay } from '../../src/platform/events/event-relay';
import { createCategory, createProduct, productBody, signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { suspend } from '../support/sanction.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('catalog: creating and reading products', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let other: SignedUpUser;
  let categoryId: string;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.http, { fullName: 'Olivia Owner' });
    other = await signUp(t.http, { fullName: 'Rita Renter' });
    categoryId = (await createCategory(t, { name: 'Power tools' })).id;
  });
  afterAll(() => t.close());

  const outbox = (productId: string) =>
    t.db.query(
      `SELECT type, payload FROM catalog.outbox_events WHERE payload->>'productId' = $1 ORDER BY occurred_at, type`,
      [productId],
    );

  it('POST /products creates the product and returns its full view', async () => {
    const body = productBody(categoryId, {
      title: '  Cordless drill Makita 18V ',
      tags: ['Makita', 'cordless', 'makita', ' Drill  '],
      images: [
        { url: 'https://img.example.com/1.jpg', alt: 'front' },
        { url: 'https://img.example.com/2.jpg' },
      ],
      specifications: { brand: 'Makita', voltage: 18, accessories: ['case', 'bits'], size: { w: 20 } },
      address: { street: 'Rua Augusta 100', city: 'Lisbon', country: 'pt', lat: 38.71, lng: -9.14 },
      pricing: { dailyPrice: 2500, weeklyPrice: 14000, deposit: 10000, currency: 'eur' },
      rules: { minDays: 2, maxDays: 14, leadTimeDays: 1, bufferDays: 1 },
      status: 'draft',
    });
    const res = await t.http.post('/api/v1/products').set(owner.auth).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      ownerId: owner.id,
      owner: {
        id: owner.id,
        displayName: 'Olivia',
        avatarUrl: null,
        city: null,
        country: null,
        memberSince: expect.any(String),
      },
      title: 'Cordless drill Makita 18V',
      description: body.description,
      category: { id: categoryId, name: 'Power tools', slug: 'power-tools' },
      tags: ['Makita', 'cordless', 'Drill'],
      images: [
        {
          id: expect.any(String),
          source: 'url',
          url: 'https://img.example.com/1.jpg',
          alt: 'front',
          position: 0,
          variants: null,
        },
        {
          id: expect.any(String),
          source: 'url',
          url: 'https://img.example.com/2.jpg',
          alt: null,
          position: 1,
          variants: null,
        },
      ],
      specifications: { brand: 'Makita', voltage: 18, accessories: ['case', 'bits'], size: { w: 20 } },
      condition: 'good',
      address: { street: 'Rua Augusta 100', city: 'Lisbon', country: 'PT', lat: 38.71, lng: -9.14 },
      pricing: { dailyPrice: 2500, weeklyPrice: 14000, deposit: 10000, currency: 'EUR' },
      rules: { minDays: 2, maxDays: 14, leadTimeDays: 1, bufferDays: 1, cancellationPolicy: 'flexible' },
      status: 'draft',
      moderation: null,
      rating: { average: null, count: 0 },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [row] = await t.db.query(
      `SELECT owner_id, status, currency, country, listed_at, deleted_at, tag_names, search_vector::text AS sv
       FROM catalog.products WHERE id = $1`,
      [res.body.id],
    );
    expect(row).toMatchObject({
      owner_id: owner.id,
      status: 'draft',
      currency: 'EUR',
      country: 'PT',
      listed_at: null,
      deleted_at: null,
      tag_names: ['Makita', 'cordless', 'Drill'],
    });
    expect(row.sv).toContain("'makita'");
    const tags = await t.db.query(
      `SELECT t.name FROM catalog.product_tags pt JOIN catalog.tags t ON t.id = pt.tag_id
       WHERE pt.product_id = $1 ORDER BY t.name_key`,
      [res.body.id],
    );
    expect(tags.map((r: { name: string }) => r.name)).toEqual(['cordless', 'Drill', 'Makita']);
    // A draft is not listed: nothing for other contexts yet.
    expect(await outbox(res.body.id)).toEqual([]);
  });

  it('reuses a tag whatever its letter case, keeping the first spelling', async () => {
    const first = await createProduct(t, owner, { tags: ['GoPro Hero'] });
    const second = await createProduct(t, other, { tags: ['gopro   hero', 'NEW'] });
    expect(first.tags).toEqual(['GoPro Hero']);
    expect(second.tags).toEqual(['GoPro Hero', 'NEW']);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM catalog.tags WHERE name_key = 'gopro hero'`,
    );
    expect(n).toBe(1);
  });

  it('an active product is listed at once: ProductListed in the outbox, listed_at set', async () => {
    const p = await createProduct(t, owner);
    expect(p).toMatchObject({
      status: 'active',
      pricing: { dailyPrice: 2500, weeklyPrice: null, deposit: 10000, currency: 'EUR' },
      rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 0 },
    });
    expect(await outbox(p.id)).toEqual([
      {
        type: 'catalog.ProductListed',
        payload: { productId: p.id, ownerId: owner.id, title: p.title, status: 'active' },
      },
    ]);
    const [row] = await t.db.query('SELECT listed_at FROM catalog.products WHERE id = $1', [p.id]);
    expect(row.listed_at).toBeInstanceOf(Date);
  });

  it('defaults: draft, no tags or images, empty specifications, deposit 0, rules 1–30 days, flexible cancellation', async () => {
    const res = await t.http
      .post('/api/v1/products')
      .set(owner.auth)
      .send({
        title: 'Ladder',
        description: '',
        categoryId,
        condition: 'fair',
        address: { city: 'Porto', country: 'PT' },
        pricing: { dailyPrice: 800, currency: 'EUR' },
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      tags: [],
      images: [],
      specifications: {},
      address: { street: null, city: 'Porto', country: 'PT', lat: null, lng: null },
      pricing: { dailyPrice: 800, weeklyPrice: null, deposit: 0, currency: 'EUR' },
      rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 0, cancellationPolicy: 'flexible' },
    });
  });

  it('a listing chooses its cancellation policy; anyone reading it sees the policy', async () => {
    const p = await createProduct(t, owner, { rules: { cancellationPolicy: 'moderate' } });
    expect(p.rules.cancellationPolicy).toBe('moderate');
    const [row] = await t.db.query('SELECT cancellation_policy FROM catalog.products WHERE id = $1', [p.id]);
    expect(row.cancellation_policy).toBe('moderate');
    const seen = await t.http.get(`/api/v1/products/${p.id}`).set(other.auth);
    expect(seen.status).toBe(200);
    expect(seen.body.rules.cancellationPolicy).toBe('moderate');
  });

  const valid = () => productBody(categoryId);
  const spec = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
  it.each([
    ['title too short', { title: 'ab' }, 'title'],
    ['title too long', { title: 'x'.repeat(121) }, 'title'],
    ['title blank after trim', { title: '    ' }, 'title'],
    ['description too long', { description: 'x'.repeat(5001) }, 'description'],
    ['categoryId not a uuid', { categoryId: 'tools' }, 'categoryId'],
    ['too many tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    ['a tag too long', { tags: ['x'.repeat(31)] }, 'tags'],
    ['an empty tag', { tags: [''] }, 'tags'],
    ['a tag with markup', { tags: ['<b>x</b>'] }, 'tags'],
    ['tags not strings', { tags: [1, 2] }, 'tags'],
    ['http image', { images: [{ url: 'http://img.example.com/a.jpg' }] }, 'images.0.url'],
    ['javascript image', { images: [{ url: 'javascript:alert(1)' }] }, 'images.0.url'],
    [
      'too many images',
      { images: Array.from({ length: 13 }, () => ({ url: 'https://i.example.com/a.jpg' })) },
      'images',
    ],
    [
      'alt too long',
      { images: [{ url: 'https://i.example.com/a.jpg', alt: 'x'.repeat(201) }] },
      'images.0.alt',
    ],
    ['unknown image field', { images: [{ url: 'https://i.example.com/a.jpg', width: 3 }] }, 'images.0.width'],
    ['specifications an array', { specifications: [1, 2] }, 'specifications'],
    ['specifications too many keys', { specifications: spec(51) }, 'specifications'],
    [
      'specifications over 8 KB',
      {
        specifications: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(450)])),
      },
      'specifications',
    ],
    ['specifications nested too deep', { specifications: { a: { b: { c: 1 } } } }, 'specifications'],
    ['condition unknown', { condition: 'broken' }, 'condition'],
    ['address missing', { address: undefined }, 'address'],
    ['country not ISO', { address: { city: 'X', country: 'XX' } }, 'address.country'],
    ['city empty', { address: { city: '', country: 'PT' } }, 'address.city'],
    ['lat out of range', { address: { city: 'X', country: 'PT', lat: 91, lng: 0 } }, 'address.lat'],
    ['lng out of range', { address: { city: 'X', country: 'PT', lat: 0, lng: 181 } }, 'address.lng'],
    ['lat without lng', { address: { city: 'X', country: 'PT', lat: 10 } }, 'address'],
    ['daily price zero', { pricing: { dailyPrice: 0, currency: 'EUR' } }, 'pricing.dailyPrice'],
    ['daily price fractional', { pricing: { dailyPrice: 10.5, currency: 'EUR' } }, 'pricing.dailyPrice'],
    ['daily price as string', { pricing: { dailyPrice: '2500', currency: 'EUR' } }, 'pricing.dailyPrice'],
    ['daily price huge', { pricing: { dailyPrice: 100_000_001, currency: 'EUR' } }, 'pricing.dailyPrice'],
    [
      'weekly price zero',
      { pricing: { dailyPrice: 100, weeklyPrice: 0, currency: 'EUR' } },
      'pricing.weeklyPrice',
    ],
    [
      'weekly above 7 days',
      { pricing: { dailyPrice: 100, weeklyPrice: 701, currency: 'EUR' } },
      'pricing.weeklyPrice',
    ],
    ['deposit negative', { pricing: { dailyPrice: 100, deposit: -1, currency: 'EUR' } }, 'pricing.deposit'],
    ['deposit null', { pricing: { dailyPrice: 100, deposit: null, currency: 'EUR' } }, 'pricing.deposit'],
    ['currency not ISO', { pricing: { dailyPrice: 100, currency: 'EURO' } }, 'pricing.currency'],
    ['currency missing', { pricing: { dailyPrice: 100 } }, 'pricing.currency'],
    ['minDays zero', { rules: { minDays: 0 } }, 'rules.minDays'],
    ['maxDays over a year', { rules: { maxDays: 366 } }, 'rules.maxDays'],
    ['min above max', { rules: { minDays: 10, maxDays: 5 } }, 'rules.maxDays'],
    ['min above default max', { rules: { minDays: 31 } }, 'rules.maxDays'],
    ['lead time too long', { rules: { leadTimeDays: 91 } }, 'rules.leadTimeDays'],
    ['buffer too long', { rules: { bufferDays: 31 } }, 'rules.bufferDays'],
    ['cancellation policy unknown', { rules: { cancellationPolicy: 'lenient' } }, 'rules.cancellationPolicy'],
    [
      'cancellation policy capitalised',
      { rules: { cancellationPolicy: 'Strict' } },
      'rules.cancellationPolicy',
    ],
    ['cancellation policy a number', { rules: { cancellationPolicy: 2 } }, 'rules.cancellationPolicy'],
    ['minDays null', { rules: { minDays: null } }, 'rules.minDays'],
    ['status deleted', { status: 'deleted' }, 'status'],
    ['ownerId is not the client’s to set', { ownerId: MISSING }, 'ownerId'],
    ['rating is not the client’s to set', { rating: { average: 5 } }, 'rating'],
  ])('refuses %s (422) and stores nothing', async (_label, patch, field) => {
    const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM catalog.products');
    const res = await t.http
      .post('/api/v1/products')
      .set(owner.auth)
      .send({ ...valid(), ...patch });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM catalog.products');
    expect(after).toBe(before);
  });

  it('refuses an unknown category with 422 CATALOG.UNKNOWN_CATEGORY', async () => {
    const res = await t.http.post('/api/v1/products').set(owner.auth).send(productBody(MISSING));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'CATALOG.UNKNOWN_CATEGORY',
      errors: [{ field: 'categoryId', message: expect.any(String) }],
    });
  });

  it('POST /products needs a token', async () => {
    const res = await t.http.post('/api/v1/products').send(valid());
    expect(res.status).toBe(401);
  });

  it('GET /products/:id: active products for anyone, drafts and paused for their owner only', async () => {
    const active = await createProduct(t, owner);
    expect((await t.http.get(`/api/v1/products/${active.id}`)).body).toEqual(active);
    expect((await t.http.get(`/api/v1/products/${active.id}`).set(other.auth)).status).toBe(200);
    for (const status of ['draft', 'paused'] as const) {
      const hidden = await createProduct(t, owner, { status });
      expect((await t.http.get(`/api/v1/products/${hidden.id}`).set(owner.auth)).body).toEqual(hidden);
      const asOther = await t.http.get(`/api/v1/products/${hidden.id}`).set(other.auth);
      expect(asOther.status).toBe(404);
      expect(asOther.body.code).toBe('CATALOG.PRODUCT_NOT_FOUND');
      expect((await t.http.get(`/api/v1/products/${hidden.id}`)).status).toBe(404);
    }
  });

  it('GET /products/:id: 404 for an unknown id, 422 for a malformed one, 401 for a bad token', async () => {
    expect((await t.http.get(`/api/v1/products/${MISSING}`)).status).toBe(404);
    expectMalformedId(await t.http.get('/api/v1/products/not-a-uuid'), 'id');
    const p = await createProduct(t, owner);
    const res = await t.http
      .get(`/api/v1/products/${p.id}`)
      .set({ Authorization: 'Bearer expired.or.forged' });
    expect(res.status).toBe(401);
  });

  it("GET /products/:id hides a suspended owner's product from others; the detail shows the rating", async () => {
    const suspended = await signUp(t.http);
    const p = await createProduct(t, suspended);
    await t.db.query(
      'UPDATE catalog.products SET rating_average = 4.666667, rating_count = 3 WHERE id = $1',
      [p.id],
    );
    expect((await t.http.get(`/api/v1/products/${p.id}`)).body.rating).toEqual({ average: 4.67, count: 3 });
    await suspend(t, await signUpAdmin(t), suspended);
    await t.app.get(EventRelay).drain();
    expect((await t.http.get(`/api/v1/products/${p.id}`).set(other.auth)).status).toBe(404);
    expect((await t.http.get(`/api/v1/products/${p.id}`)).status).toBe(404);
    const own = await t.http.get(`/api/v1/products/${p.id}`).set(suspended.auth);
    expect(own.status).toBe(200);
    expect(own.body.owner).toBeNull();
  });
});
