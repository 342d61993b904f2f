import { createCategory, createProduct, productBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

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

  it('POST /products creates the product and returns its full view', async () => {
    const body = productBody(categoryId, {
      title: '  Cordless drill Makita 18V ',
      tags: ['Makita', 'cordless', 'makita', ' Drill '],
      images: [
        { url: 'https://img.example.com/1.jpg', alt: 'front' },
        { url: 'https://img.example.com/2.jpg' },
      ],
      specifications: { brand: 'Makita', voltage: 18, accessories: ['case', 'bits'] },
      address: { street: 'Rua Augusta 100', city: 'Lisbon', country: 'pt', lat: 38.71, lng: -9.14 },
      pricing: { dailyPrice: 2500, weeklyPrice: 14000, deposit: 10000, currency: 'eur' },
      rules: { minDays: 2, maxDays: 14, leadTimeDays: 1, bufferDays: 1 },
      status: 'draft',
    });
    const res = await t.http.post('/api/v1/products').set(owner.auth).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ownerId: owner.id,
      owner: { id: owner.id, displayName: 'Olivia' },
      title: 'Cordless drill Makita 18V',
      category: { id: categoryId, name: 'Power tools', slug: 'power-tools' },
      tags: ['Makita', 'cordless', 'Drill'],
      images: [
        { url: 'https://img.example.com/1.jpg', alt: 'front', position: 0 },
        { url: 'https://img.example.com/2.jpg', alt: null, position: 1 },
      ],
      specifications: { brand: 'Makita', voltage: 18, accessories: ['case', 'bits'] },
      condition: 'good',
      address: { street: 'Rua Augusta 100', city: 'Lisbon', country: 'PT', lat: 38.71, lng: -9.14 },
      pricing: { dailyPrice: 2500, weeklyPrice: 14000, deposit: 10000, currency: 'EUR' },
      rules: { minDays: 2, maxDays: 14, leadTimeDays: 1, bufferDays: 1 },
      status: 'draft',
      rating: { average: null, count: 0 },
    });
    const [row] = await t.db.query(
      `SELECT owner_id, status, currency, country, listed_at, tag_names, search_vector::text AS sv
       FROM catalog.products WHERE id = $1`,
      [res.body.id],
    );
    expect(row).toMatchObject({
      owner_id: owner.id,
      status: 'draft',
      currency: 'EUR',
      country: 'PT',
      listed_at: null,
    });
    expect(row.tag_names).toEqual(['Makita', 'cordless', 'Drill']);
    expect(row.sv).toContain("'makita'");
    const tags = await t.db.query(
      `SELECT t.name FROM catalog.product_tags pt JOIN catalog.tags t ON t.id = pt.tag_id WHERE pt.product_id = $1 ORDER BY t.name_key`,
      [res.body.id],
    );
    expect(tags.map((r: { name: string }) => r.name)).toEqual(['cordless', 'Drill', 'Makita']);
  });

  it('createProduct factory defaults', async () => {
    const p = await createProduct(t, owner);
    expect(p).toMatchObject({
      status: 'active',
      pricing: { dailyPrice: 2500, weeklyPrice: null, deposit: 10000, currency: 'EUR' },
      rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 0 },
    });
    const res = await t.http.get(`/api/v1/products/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(p);
    const other2 = await t.http.get(`/api/v1/products/${p.id}`).set(other.auth);
    expect(other2.status).toBe(200);
  });
});
