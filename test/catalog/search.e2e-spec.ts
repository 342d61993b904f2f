import { createCategory } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { at, day, ids, LISBON, PORTO, searchScope, SINTRA } from './search.helpers';

describe('catalog: GET /products filters', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let viewer: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.http, { fullName: 'Olga Owner' });
    viewer = await signUp(t.http, { fullName: 'Vera Viewer' });
  });
  afterAll(() => t.close());

  const scope = () => searchScope(t, owner);

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
          coverImage: { url: 'https://img.example.com/tent.jpg', alt: 'Tent', variants: null },
          condition: 'good',
          address: { city: 'Lisbon', country: 'PT', lat: LISBON.lat, lng: LISBON.lng },
          pricing: { dailyPrice: 2500, weeklyPrice: null, deposit: 10000, currency: 'EUR' },
          rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 0, cancellationPolicy: 'flexible' },
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
});
