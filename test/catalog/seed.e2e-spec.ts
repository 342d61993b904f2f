import { runSeeds } from '../../seeds';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

describe('catalog: demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const count = async (table: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  it('loads a category tree, demo owners and listings once; a rerun adds nothing', async () => {
    const first = await runSeeds(t.db, { bcryptCost: 4 });
    expect(first.catalog).toEqual({
      categories: expect.any(Number),
      owners: 5,
      products: expect.any(Number),
    });
    expect(first.catalog.categories).toBeGreaterThanOrEqual(40);
    expect(first.catalog.products).toBeGreaterThanOrEqual(36);
    const before = await Promise.all(
      [
        'catalog.categories',
        'catalog.products',
        'catalog.tags',
        'catalog.product_tags',
        'catalog.product_images',
        'catalog.outbox_events',
        'identity.users',
      ].map(count),
    );
    const second = await runSeeds(t.db, { bcryptCost: 4 });
    expect(second).toEqual({ admin: null, catalog: { categories: 0, owners: 0, products: 0 } });
    const after = await Promise.all(
      [
        'catalog.categories',
        'catalog.products',
        'catalog.tags',
        'catalog.product_tags',
        'catalog.product_images',
        'catalog.outbox_events',
        'identity.users',
      ].map(count),
    );
    expect(after).toEqual(before);
  });

  it('the seeded catalog is browsable through the API', async () => {
    await runSeeds(t.db, { bcryptCost: 4 });
    const tree = await t.http.get('/api/v1/categories');
    const roots = tree.body.items.map((n: { slug: string }) => n.slug);
    expect(roots).toEqual(
      expect.arrayContaining(['tools', 'outdoor', 'electronics', 'party', 'sports', 'baby', 'vehicles']),
    );
    const tools = tree.body.items.find((n: { slug: string }) => n.slug === 'tools');
    expect(tools.children.map((c: { slug: string }) => c.slug)).toContain('power-tools');

    const drills = await t.http.get('/api/v1/products').query({ q: 'drill' });
    expect(drills.status).toBe(200);
    expect(drills.body.items[0].title).toMatch(/drill/i);
    expect(drills.body.items[0].coverImage.url).toMatch(/^https:\/\//);

    const inTools = await t.http.get('/api/v1/products').query({ categoryId: tools.id, limit: 100 });
    expect(inTools.body.total).toBeGreaterThanOrEqual(8);
    const cities = new Set(
      (await t.http.get('/api/v1/products').query({ limit: 100 })).body.items.map(
        (i: { address: { city: string } }) => i.address.city,
      ),
    );
    expect(cities.size).toBeGreaterThanOrEqual(6);

    const detail = await t.http.get(`/api/v1/products/${drills.body.items[0].id}`);
    expect(detail.body.owner).toMatchObject({ displayName: expect.any(String), city: expect.any(String) });
    expect(detail.body.images).toHaveLength(2);
    expect(JSON.stringify(detail.body)).not.toContain('@demo.onesociety.local');
  });

  it("demo owners' passwords are random hashes nobody knows", async () => {
    await runSeeds(t.db, { bcryptCost: 4 });
    const rows = await t.db.query(
      `SELECT email, password_hash FROM identity.users WHERE email LIKE '%@demo.onesociety.local'`,
    );
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.password_hash).toMatch(/^\$2[aby]\$04\$/);
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ email: rows[0].email, password: 'Demo-password-1' });
    expect(login.status).toBe(401);
  });
});
