import { maxMatchLength } from '../../src/platform/http/openapi-validation';
import { createTestApp, type TestApp } from '../support/test-app';
import { type ApiDocument, fetchDocument, operationsOf } from './support/api-document';

/** The served document carries what the API enforces (so the fuzzer and clients can rely on it). */
describe('hardening: the OpenAPI document states what the API enforces', () => {
  let t: TestApp;
  let document: ApiDocument;
  beforeAll(async () => {
    t = await createTestApp();
    document = await fetchDocument(t.http);
  });
  afterAll(() => t.close());

  it.each([
    [String.raw`^\+[1-9]\d{6,14}$`, 16],
    [String.raw`^\d{4}-\d{2}-\d{2}$`, 10],
    [String.raw`^[A-Za-z0-9_.:-]{8,255}$`, 255],
    ['^(ab|cde)?x$', 4],
    ['^[\\]]x$', 2],
    [String.raw`^[a-z0-9]+(-[a-z0-9]+)*$`, undefined],
    ['^(?=a)b$', undefined],
    ['^a', undefined],
  ])('reads the longest match of %s as %s', (pattern, expected) => {
    expect(maxMatchLength(pattern)).toBe(expected);
  });

  it('refuses unknown properties in every request body schema, as the API does', () => {
    const bodies = operationsOf(document).filter((op) => op.body);
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.filter((op) => op.body?.additionalProperties !== false).map((op) => op.key)).toEqual([]);
  });

  it('bounds every string and array of every request, and marks UUID path ids', () => {
    const unbounded: string[] = [];
    const walk = (where: string, schema: Record<string, unknown> | undefined, depth = 0): void => {
      if (!schema || depth > 5) return;
      if (schema.type === 'string' && schema.maxLength === undefined && !schema.enum) unbounded.push(where);
      if (schema.type === 'array' && schema.maxItems === undefined) unbounded.push(where);
      for (const [name, child] of Object.entries(
        (schema.properties ?? {}) as Record<string, Record<string, unknown>>,
      ))
        walk(`${where}.${name}`, child, depth + 1);
      walk(`${where}[]`, schema.items as Record<string, unknown> | undefined, depth + 1);
    };
    for (const op of operationsOf(document)) {
      walk(`${op.key} body`, op.body);
      for (const p of [...op.pathParams, ...op.queryParams, ...op.headerParams])
        walk(`${op.key} ${p.in} ${p.name}`, p.schema);
    }
    expect(unbounded).toEqual([]);
    const ids = operationsOf(document).flatMap((op) => op.pathParams.filter((p) => /(^id|Id)$/.test(p.name)));
    expect(ids.length).toBeGreaterThan(20);
    // The gateway's own ids (the sandbox's intent and connected-account pages) are not ours: bounded strings.
    const gatewayIds = ['gatewayIntentId', 'accountId'];
    expect(ids.filter((p) => p.schema.format !== 'uuid' && !gatewayIds.includes(p.name))).toEqual([]);
    expect(
      ids.filter((p) => gatewayIds.includes(p.name)).every((p) => p.schema.maxLength !== undefined),
    ).toBe(true);
  });

  it('names the role an admin-only operation needs', () => {
    const ops = operationsOf(document);
    expect(ops.find((op) => op.key === 'POST /api/v1/categories')?.extensions['x-required-roles']).toEqual([
      'admin',
    ]);
    expect(
      ops.find((op) => op.key === 'POST /api/v1/products')?.extensions['x-required-roles'],
    ).toBeUndefined();
  });
});
