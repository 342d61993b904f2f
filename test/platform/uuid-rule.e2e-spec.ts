import { createHash, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { UUID_PATTERN } from '../../src/platform/http/uuid';
import { type Schema, fetchDocument, operationsOf } from '../hardening/support/api-document';
import { createCategory, productBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

/** An md5-derived id, as bench/rental-availability.ts makes them: no version or variant bits. */
const hashDerived = (text: string) => {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

const MALFORMED = [
  'not-a-uuid',
  '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b1',
  '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b100',
  '{5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10}',
  'urn:uuid:5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10',
  '5f0c6a9e4f1e4a529c617a8f3d3c2b10',
  '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b1g',
];

/** Well-formed ids that name no category. */
const UNKNOWN = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  randomUUID().toUpperCase(),
  '0190a5d0-ac96-774b-bcce-b302099a8057',
  hashDerived('uuid-rule-unknown'),
  '12345678-1234-0234-0234-123456789abc',
];

/**
 * One rule for an id (src/platform/http/uuid.ts), shown with a category id in the three places a
 * client can send one: GET /categories/{id} (path), GET /products?categoryId= (query) and
 * POST /products { categoryId } (body).
 */
describe('platform: one UUID rule for path, query and body ids', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let validCategory: string;

  const inPath = (id: string) => t.http.get(`/api/v1/categories/${encodeURIComponent(id)}`);
  const inQuery = (id: string) => t.http.get('/api/v1/products').query({ categoryId: id });
  const inBody = (id: string) => t.http.post('/api/v1/products').set(owner.auth).send(productBody(id));
  const productCount = async () =>
    Number((await t.db.query('SELECT count(*)::int AS n FROM catalog.products'))[0].n);
  /** The problem without what names the request (its path and id). */
  const sameness = (res: Response) => {
    const { instance: _instance, requestId: _requestId, errors: _errors, ...rest } = res.body;
    return rest;
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.http);
    validCategory = (await createCategory(t)).id;
  });
  afterAll(() => t.close());

  it.each(MALFORMED)('refuses %j alike in a path, a query and a body: a 422 naming the field', async (id) => {
    const path = await inPath(id);
    const query = await inQuery(id);
    const body = await inBody(id);
    expectMalformedId(path, 'id');
    expectMalformedId(query, 'categoryId');
    expectMalformedId(body, 'categoryId');
    expect(sameness(query)).toEqual(sameness(path));
    expect(sameness(body)).toEqual(sameness(path));
    expect(sameness(path)).toMatchObject({ status: 422, detail: 'The request is invalid' });
    expect(await productCount()).toBe(0);
  });

  it.each(UNKNOWN)(
    "takes %s as an id everywhere: 404 in the path, the catalog's answer elsewhere",
    async (id) => {
      const path = await inPath(id);
      expect({ status: path.status, code: path.body.code }).toEqual({
        status: 404,
        code: 'CATALOG.CATEGORY_NOT_FOUND',
      });
      // The catalog's own answer to a category it does not know, the same in a query and a body.
      for (const res of [await inQuery(id), await inBody(id)])
        expect({ status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
          status: 422,
          code: 'CATALOG.UNKNOWN_CATEGORY',
          errors: [{ field: 'categoryId', message: 'categoryId does not name an existing category' }],
        });
      expect(await productCount()).toBe(0);
    },
  );

  it('finds an existing id in any case and answers it lower-case, in the path, the query and the body', async () => {
    const upper = validCategory.toUpperCase();
    const path = await inPath(upper);
    expect({ status: path.status, id: path.body.id }).toEqual({ status: 200, id: validCategory });
    const created = await inBody(upper);
    expect(created.status).toBe(201);
    expect(created.body.category.id).toBe(validCategory);
    const query = await inQuery(upper);
    expect(query.status).toBe(200);
    expect(query.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    const [row] = await t.db.query('SELECT category_id::text FROM catalog.products WHERE id = $1', [
      created.body.id,
    ]);
    expect(row.category_id).toBe(validCategory);
    await t.db.query('DELETE FROM catalog.products WHERE id = $1', [created.body.id]);
  });

  it('serves a hash-derived id without version bits (as the bench makes) in a path and in a body', async () => {
    const id = hashDerived(`uuid-rule-${randomUUID()}`);
    const { id: made } = await createCategory(t);
    await t.db.query('UPDATE catalog.categories SET id = $2 WHERE id = $1', [made, id]);
    expect((await inPath(id)).status).toBe(200);
    const created = await inBody(id);
    expect(created.status).toBe(201);
    expect(created.body.category.id).toBe(id);
    expect((await inQuery(id)).body.total).toBe(1);
  });

  it('states the rule in the document: one pattern on every id, 404 and 422 on every path id', async () => {
    const document = await fetchDocument(t.http);
    expect(String((document.info as { description: string }).description)).toContain(UUID_PATTERN);
    const ids: [string, Schema][] = [];
    const walk = (where: string, schema: Schema | undefined, depth = 0): void => {
      if (!schema || depth > 5) return;
      if (schema.format === 'uuid') ids.push([where, schema]);
      for (const [name, child] of Object.entries(schema.properties ?? {}))
        walk(`${where}.${name}`, child, depth + 1);
      walk(`${where}[]`, schema.items, depth + 1);
    };
    const pathIdsWithout: string[] = [];
    for (const op of operationsOf(document)) {
      walk(`${op.key} body`, op.body);
      for (const p of [...op.pathParams, ...op.queryParams]) walk(`${op.key} ${p.in} ${p.name}`, p.schema);
      if (op.pathParams.some((p) => p.schema.format === 'uuid'))
        for (const status of ['404', '422'])
          if (!op.responses[status]?.content?.['application/problem+json'])
            pathIdsWithout.push(`${op.key} ${status}`);
    }
    expect(ids.length).toBeGreaterThan(50);
    const off = ids.filter(
      ([, s]) =>
        s.pattern !== UUID_PATTERN || s.minLength !== 36 || s.maxLength !== 36 || s.type !== 'string',
    );
    expect(off.map(([where]) => where)).toEqual([]);
    expect(pathIdsWithout).toEqual([]);
  });
});
