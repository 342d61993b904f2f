import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createCategory, createProduct } from '../support/catalog.factory';
import type { CreateProductBody, ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const LISBON = { lat: 38.7223, lng: -9.1393 };
const SINTRA = { lat: 38.8029, lng: -9.3817 }; // ~23 km from Lisbon
const PORTO = { lat: 41.1579, lng: -8.6291 }; // ~274 km from Lisbon

describe('catalog: GET /products search', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let viewer: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.http, { fullName: 'Olga Owner' });
    viewer = await signUp(t.http, { fullName: 'Vera Viewer' });
  });
  afterAll(() => t.close());

  /** Each test searches inside its own fresh category, so tests never see each other's products. */
  async function scope() {
    const root = await createCategory(t);
    return {
      categoryId: root.id,
      add: (overrides: Partial<CreateProductBody> = {}, by: SignedUpUser = owner) =>
        createProduct(t, by, { categoryId: root.id, ...overrides }),
      search: (query: Record<string, string | number>, as?: SignedUpUser) => {
        const req = t.http.get('/api/v1/products').query({ categoryId: root.id, ...query });
        return as ? req.set(as.auth) : req;
      },
    };
  }
  const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
  const at = (point: { lat: number; lng: number }, city = 'Lisbon') => ({
    address: { city, country: 'PT', ...point },
  });

  it('returns a page of summaries, anonymous callers included', async () => {
    const s = await scope();
    const p = await s.add({
      title: 'Camping tent for four',
      images: [
        { url: 'https://img.example.com/tent.jpg', alt: 'Tent' },
        { url: 'https://img.example.com/tent2.jpg' },
      ],
    });
    const res = await s.search({});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: p.id,
          ownerId: owner.id,
          title: 'Camping tent for four',
          category: p.category,
          tags: ['drill', 'cordless'],
          coverImage: { url: 'https://img.example.com/tent.jpg', alt: 'Tent' },
          condition: 'good',
          address: { city: 'Lisbon', country: 'PT', lat: LISBON.lat, lng: LISBON.lng },
          pricing: { dailyPrice: 2500, weeklyPrice: null, deposit: 10000, currency: 'EUR' },
          rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 0 },
          status: 'active',
          rating: { average: null, count: 0 },
          distanceKm: null,
          createdAt: p.createdAt,
        },
      ],
      page: 1,
      limit: 20,
      total: 1,
    });
  });

  it('includes subcategories of categoryId, at any depth', async () => {
    const s = await scope();
    const child = await createCategory(t, { parentId: s.categoryId });
    const grandchild = await createCategory(t, { parentId: child.id });
    const other = await createCategory(t);
    const a = await s.add();
    const b = await s.add({ categoryId: child.id });
    const c = await s.add({ categoryId: grandchild.id });
    await s.add({ categoryId: other.id });
    const res = await s.search({ sort: 'newest' });
    expect(ids(res.body).sort()).toEqual([a.id, b.id, c.id].sort());
    const sub = await t.http.get('/api/v1/products').query({ categoryId: child.id });
    expect(ids(sub.body).sort()).toEqual([b.id, c.id].sort());
  });

  it('shows others only active products of active owners, never deleted ones', async () => {
    const s = await scope();
    const active = await s.add({ status: 'active' });
    const draft = await s.add({ status: 'draft' });
    const paused = await s.add({ status: 'paused' });
    const deleted = await s.add();
    expect((await t.http.delete(`/api/v1/products/${deleted.id}`).set(owner.auth)).status).toBe(204);

    expect(ids((await s.search({}, viewer)).body)).toEqual([active.id]);
    // Without ownerId=self even the owner sees the public view.
    expect(ids((await s.search({}, owner)).body)).toEqual([active.id]);
    const mine = await s.search({ ownerId: owner.id, sort: 'newest' }, owner);
    expect(ids(mine.body)).toEqual([paused.id, draft.id, active.id]);
    expect(mine.body.total).toBe(3);
    const drafts = await s.search({ ownerId: owner.id, status: 'draft' }, owner);
    expect(ids(drafts.body)).toEqual([draft.id]);
    // Someone else asking for the owner's listings gets the active ones only.
    expect(ids((await s.search({ ownerId: owner.id }, viewer)).body)).toEqual([active.id]);
    expect(ids((await s.search({ ownerId: owner.id })).body)).toEqual([active.id]);
  });

  it('status filter is only for your own listings (422 otherwise)', async () => {
    const s = await scope();
    const res = await s.search({ ownerId: owner.id, status: 'draft' }, viewer);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
  });

  it('q: full text over title, tags and description, ranked, stemmed', async () => {
    const s = await scope();
    const inTitle = await s.add({ title: 'Bosch hammer drill', tags: [], description: 'Strong.' });
    const inTags = await s.add({ title: 'Power tool set', tags: ['drill'], description: 'A set.' });
    const inDescription = await s.add({
      title: 'Workbench',
      tags: [],
      description: 'Comes with a drill stand.',
    });
    await s.add({ title: 'Garden hose', tags: ['garden'], description: 'Twenty metres.' });
    const res = await s.search({ q: 'drills' });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([inTitle.id, inTags.id, inDescription.id]);
    expect(res.body.total).toBe(3);
  });

  it('q: tolerates typos in titles through trigram similarity', async () => {
    const s = await scope();
    const drill = await s.add({ title: 'Cordless drill Makita', tags: [], description: 'Great tool.' });
    await s.add({ title: 'Pressure washer', tags: [], description: 'Cleans patios.' });
    for (const typo of ['drll', 'makitta', 'cordles']) {
      const res = await s.search({ q: typo });
      expect({ typo, ids: ids(res.body) }).toEqual({ typo, ids: [drill.id] });
    }
    expect(ids((await s.search({ q: 'xylophone' })).body)).toEqual([]);
  });

  it('q: web-search syntax and hostile input are data, not SQL', async () => {
    const s = await scope();
    const kayak = await s.add({ title: 'Inflatable kayak', tags: [], description: 'Two seats.' });
    await s.add({ title: 'Inflatable mattress', tags: [], description: 'Queen size.' });
    expect(ids((await s.search({ q: 'inflatable -mattress' })).body)).toEqual([kayak.id]);
    for (const q of ["'; DROP TABLE catalog.products; --", '!!! & | :*', '"unterminated', '\\']) {
      const res = await s.search({ q });
      expect(res.status).toBe(200);
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM catalog.products'))[0].n).toBeGreaterThan(0);
  });

  it('tags: products carrying every given tag, case-insensitively', async () => {
    const s = await scope();
    const both = await s.add({ tags: ['Makita', 'Cordless'] });
    await s.add({ tags: ['makita'] });
    await s.add({ tags: ['cordless', 'bosch'] });
    expect(ids((await s.search({ tags: 'MAKITA,cordless' })).body)).toEqual([both.id]);
    const repeated = await t.http.get(
      `/api/v1/products?categoryId=${s.categoryId}&tags=makita&tags=CORDLESS`,
    );
    expect(ids(repeated.body)).toEqual([both.id]);
  });

  it('minPrice/maxPrice filter the daily price in one currency', async () => {
    const s = await scope();
    const cheap = await s.add({ pricing: { dailyPrice: 1000, currency: 'EUR' } });
    const mid = await s.add({ pricing: { dailyPrice: 3000, currency: 'EUR' } });
    await s.add({ pricing: { dailyPrice: 9000, currency: 'EUR' } });
    const pounds = await s.add({ pricing: { dailyPrice: 2000, currency: 'GBP' } });
    const res = await s.search({ minPrice: 1000, maxPrice: 3000, currency: 'EUR', sort: 'price_asc' });
    expect(ids(res.body)).toEqual([cheap.id, mid.id]);
    expect(ids((await s.search({ currency: 'gbp' })).body)).toEqual([pounds.id]);
    const noCurrency = await s.search({ minPrice: 1000 });
    expect(noCurrency.status).toBe(422);
    expect(noCurrency.body.errors).toEqual([expect.objectContaining({ field: 'currency' })]);
    const inverted = await s.search({ minPrice: 5000, maxPrice: 1000, currency: 'EUR' });
    expect(inverted.status).toBe(422);
  });

  it('near + radiusKm keep products within the distance, sorted by distance by default', async () => {
    const s = await scope();
    const lisbon = await s.add(at(LISBON));
    const sintra = await s.add(at(SINTRA, 'Sintra'));
    const porto = await s.add(at(PORTO, 'Porto'));
    await s.add({ address: { city: 'Nowhere', country: 'PT' } }); // no coordinates: never "near"
    const near = `${LISBON.lat},${LISBON.lng}`;
    const res = await s.search({ near, radiusKm: 30 });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([lisbon.id, sintra.id]);
    expect(res.body.items[0].distanceKm).toBe(0);
    expect(res.body.items[1].distanceKm).toBeGreaterThan(20);
    expect(res.body.items[1].distanceKm).toBeLessThan(30);
    expect(ids((await s.search({ near, radiusKm: 10 })).body)).toEqual([lisbon.id]);
    expect(ids((await s.search({ near, radiusKm: 300 })).body)).toEqual([lisbon.id, sintra.id, porto.id]);
    const fromPorto = await s.search({ near: `${PORTO.lat},${PORTO.lng}`, radiusKm: 500, sort: 'distance' });
    expect(ids(fromPorto.body)).toEqual([porto.id, sintra.id, lisbon.id]);
  });

  it('availableFrom/availableTo keep products bookable for exactly that stay', async () => {
    const s = await scope();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const free = await s.add();
    const shortOnly = await s.add({ rules: { minDays: 1, maxDays: 2 } });
    const longOnly = await s.add({ rules: { minDays: 5, maxDays: 30 } });
    const needsNotice = await s.add({ rules: { leadTimeDays: 20 } });
    const res = await s.search({ availableFrom: day(10), availableTo: day(13), sort: 'newest' });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([free.id]);
    const later = await s.search({ availableFrom: day(30), availableTo: day(35), sort: 'newest' });
    expect(ids(later.body)).toEqual([needsNotice.id, longOnly.id, free.id]);
    expect(ids((await s.search({ availableFrom: day(30), availableTo: day(31) })).body)).toContain(
      shortOnly.id,
    );
  });

  it.each([
    [{ availableFrom: '2020-01-01', availableTo: '2020-01-03' }, 'availableFrom'],
    [{ availableFrom: '2999-01-05', availableTo: '2999-01-05' }, 'availableTo'],
    [{ availableFrom: '2999-01-05' }, 'availableTo'],
    [{ availableFrom: '2999-02-30', availableTo: '2999-03-02' }, 'availableFrom'],
    [{ availableFrom: 'tomorrow', availableTo: '2999-03-02' }, 'availableFrom'],
    [{ near: '91,0' }, 'near'],
    [{ near: 'lisbon' }, 'near'],
    [{ radiusKm: 10 }, 'near'],
    [{ near: '38.7,-9.1', radiusKm: 501 }, 'radiusKm'],
    [{ sort: 'relevance' }, 'sort'],
    [{ sort: 'distance' }, 'sort'],
    [{ sort: 'cheapest' }, 'sort'],
    [{ limit: 101 }, 'limit'],
    [{ limit: 0 }, 'limit'],
    [{ page: 0 }, 'page'],
    [{ page: 'two' }, 'page'],
    [{ categoryId: 'not-a-uuid' }, 'categoryId'],
    [{ ownerId: 'nope' }, 'ownerId'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ tags: Array.from({ length: 11 }, (_, i) => `t${i}`).join(',') }, 'tags'],
    [{ currency: 'EURO' }, 'currency'],
    [{ minPrice: -1, currency: 'EUR' }, 'minPrice'],
    [{ unknown: 'x' }, 'unknown'],
  ])('refuses %j with 422 naming %s', async (query, field) => {
    const res = await t.http.get('/api/v1/products').query(query);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('an unknown categoryId is a 422, a bad token a 401', async () => {
    const unknown = await t.http
      .get('/api/v1/products')
      .query({ categoryId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('CATALOG.UNKNOWN_CATEGORY');
    const badToken = await t.http.get('/api/v1/products').set({ Authorization: 'Bearer nope' });
    expect(badToken.status).toBe(401);
  });

  it('sorts by price, newest and rating with id as the tiebreaker', async () => {
    const s = await scope();
    const a = await s.add({ pricing: { dailyPrice: 3000, currency: 'EUR' } });
    const b = await s.add({ pricing: { dailyPrice: 1000, currency: 'EUR' } });
    const c = await s.add({ pricing: { dailyPrice: 3000, currency: 'EUR' } });
    const d = await s.add({ pricing: { dailyPrice: 2000, currency: 'EUR' } });
    const sameA = [a.id, c.id].sort();
    expect(ids((await s.search({ sort: 'price_asc' })).body)).toEqual([b.id, d.id, ...sameA]);
    expect(ids((await s.search({ sort: 'price_desc' })).body)).toEqual([...sameA, d.id, b.id]);
    expect(ids((await s.search({ sort: 'newest' })).body)).toEqual([d.id, c.id, b.id, a.id]);
    await setRating(c, 4.5, 2);
    await setRating(b, 4.5, 10);
    await setRating(d, 3, 1);
    expect(ids((await s.search({ sort: 'rating' })).body)).toEqual([b.id, c.id, d.id, a.id]);
  });

  async function setRating(p: ProductBody, average: number, count: number) {
    await t.db.query('UPDATE catalog.products SET rating_average = $2, rating_count = $3 WHERE id = $1', [
      p.id,
      average,
      count,
    ]);
  }

  it('combines filters: text + tags + price + near + availability, sorted by price', async () => {
    const s = await scope();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const base = { title: 'Mountain bike', tags: ['bike', 'mtb'], ...at(LISBON) };
    const match1 = await s.add({ ...base, pricing: { dailyPrice: 1500, currency: 'EUR' } });
    const match2 = await s.add({ ...base, pricing: { dailyPrice: 1200, currency: 'EUR' } });
    await s.add({ ...base, pricing: { dailyPrice: 5000, currency: 'EUR' } }); // too dear
    await s.add({ ...base, tags: ['bike'], pricing: { dailyPrice: 1000, currency: 'EUR' } }); // lacks mtb
    await s.add({ ...base, ...at(PORTO, 'Porto'), pricing: { dailyPrice: 1000, currency: 'EUR' } }); // far
    await s.add({
      ...base,
      title: 'Road helmet',
      tags: ['bike', 'mtb'],
      pricing: { dailyPrice: 900, currency: 'EUR' },
    });
    await s.add({ ...base, rules: { minDays: 7 }, pricing: { dailyPrice: 1100, currency: 'EUR' } }); // stay too short
    const res = await s.search({
      q: 'mountain bike',
      tags: 'mtb',
      maxPrice: 2000,
      currency: 'EUR',
      near: `${LISBON.lat},${LISBON.lng}`,
      radiusKm: 50,
      availableFrom: day(5),
      availableTo: day(7),
      sort: 'price_asc',
    });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([match2.id, match1.id]);
    expect(res.body.total).toBe(2);
  });

  it('pages: limit, page, total, past the end, and the last partial page', async () => {
    const s = await scope();
    const made: ProductBody[] = [];
    for (let i = 0; i < 5; i++)
      made.push(await s.add({ pricing: { dailyPrice: 1000 + i, currency: 'EUR' } }));
    const order = made.map((p) => p.id);
    const page1 = await s.search({ sort: 'price_asc', limit: 2, page: 1 });
    expect(page1.body).toMatchObject({ page: 1, limit: 2, total: 5 });
    expect(ids(page1.body)).toEqual(order.slice(0, 2));
    const page3 = await s.search({ sort: 'price_asc', limit: 2, page: 3 });
    expect(ids(page3.body)).toEqual(order.slice(4));
    expect(page3.body.total).toBe(5);
    const beyond = await s.search({ sort: 'price_asc', limit: 2, page: 4 });
    expect(beyond.body).toEqual({ items: [], page: 4, limit: 2, total: 5 });
    const all = await s.search({ sort: 'price_asc', limit: 100 });
    expect(ids(all.body)).toEqual(order);
    const defaults = await s.search({});
    expect(defaults.body).toMatchObject({ page: 1, limit: 20, total: 5 });
  });

  it("hides a suspended owner's products (and counts) until the owner is active again", async () => {
    const s = await scope();
    const other = await signUp(t.http, { fullName: 'Sam Suspended' });
    const kept = await s.add();
    const hidden = await s.add({}, other);
    expect((await s.search({})).body.total).toBe(2);
    await t.db.query(`UPDATE identity.users SET status = 'suspended' WHERE id = $1`, [other.id]);
    const res = await s.search({ sort: 'newest' });
    expect(ids(res.body)).toEqual([kept.id]);
    expect(res.body.total).toBe(1);
    expect(
      await t.db.query('SELECT id FROM catalog.products WHERE owner_id = $1 AND NOT owner_active', [
        other.id,
      ]),
    ).toHaveLength(1);
    expect((await t.http.get(`/api/v1/products/${hidden.id}`)).status).toBe(404);

    await t.db.query(`UPDATE identity.users SET status = 'active' WHERE id = $1`, [other.id]);
    expect(await t.app.get(JobScheduler).runNow('catalog.recheck-inactive-owners')).toBe(true);
    expect(
      await t.db.query('SELECT id FROM catalog.products WHERE owner_id = $1 AND NOT owner_active', [
        other.id,
      ]),
    ).toHaveLength(0);
    expect(ids((await s.search({ sort: 'newest' })).body)).toEqual([hidden.id, kept.id]);
  });
});
