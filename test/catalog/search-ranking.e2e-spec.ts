import { EventRelay } from '../../src/platform/events/event-relay';
import type { ProductBody } from '../support/catalog.factory';
import { signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { liftSanction, suspend } from '../support/sanction.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { at, day, ids, LISBON, PORTO, searchScope } from './search.helpers';

describe('catalog: GET /products validation, sorts, pages and combinations', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.http, { fullName: 'Olga Owner' });
  });
  afterAll(() => t.close());

  const scope = () => searchScope(t, owner);

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

  it("hides a suspended owner's products (and counts) until trust reinstates the owner", async () => {
    const s = await scope();
    const admin = await signUpAdmin(t);
    const other = await signUp(t.http, { fullName: 'Sam Suspended' });
    const kept = await s.add();
    const hidden = await s.add({}, other);
    expect((await s.search({})).body.total).toBe(2);
    const suspension = await suspend(t, admin, other);
    await t.app.get(EventRelay).drain();
    const res = await s.search({ sort: 'newest' });
    expect(ids(res.body)).toEqual([kept.id]);
    expect(res.body.total).toBe(1);
    expect(
      await t.db.query('SELECT id FROM catalog.products WHERE owner_id = $1 AND NOT owner_active', [
        other.id,
      ]),
    ).toHaveLength(1);
    expect((await t.http.get(`/api/v1/products/${hidden.id}`)).status).toBe(404);

    await liftSanction(t, admin, suspension.id);
    await t.app.get(EventRelay).drain();
    expect(
      await t.db.query('SELECT id FROM catalog.products WHERE owner_id = $1 AND NOT owner_active', [
        other.id,
      ]),
    ).toHaveLength(0);
    expect(ids((await s.search({ sort: 'newest' })).body)).toEqual([hidden.id, kept.id]);
  });
});
