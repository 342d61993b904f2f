import { randomUUID } from 'node:crypto';
import type { SignedUpUser } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { type Operation, fetchDocument, operationsOf, resolve, type Schema } from './support/api-document';
import { BOLA_REGISTRY, Fixtures } from './support/bola';
import { describeResponse, HARDENING_ENV, isProblem, send } from './support/http';

const BAD_LIMITS = ['101', '1000000', '0', '-1', '2.5', 'ten', '1e3', ''];

/**
 * OWASP API4 (resource consumption): every list in the served document is paged with `limit` at
 * most 100 (anything else is 422 naming `limit`), or its `items` has a documented, honest maxItems.
 */
describe('hardening: every list is bounded', () => {
  let t: TestApp;
  let fixtures: Fixtures;
  let lists: Operation[];
  let itemsSchema: Map<string, Schema>;
  let caller: SignedUpUser;
  let known: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(HARDENING_ENV);
    fixtures = new Fixtures(t);
    const document = await fetchDocument(t.http);
    itemsSchema = new Map();
    lists = operationsOf(document).filter((op) => {
      const schema = resolve(document, op.responses['200']?.content?.['application/json']?.schema);
      if (schema.properties?.items?.type !== 'array') return false;
      itemsSchema.set(op.key, schema.properties.items);
      return true;
    });
    caller = await fixtures.user('Lister');
    known = { productId: (await fixtures.product(caller)).id, userId: caller.id };
  });
  afterAll(() => t.close());

  /** Path parameters and a caller for which the list exists (the BOLA registry's resources). */
  async function target(op: Operation): Promise<{ params: Record<string, string>; caller: SignedUpUser }> {
    // An admin-only list is read by an admin: anyone else's 403 would hide how its limit is checked.
    const adminOnly = (op.extensions['x-required-roles'] as string[] | undefined)?.includes('admin');
    // A list for integrators' keys only is read with a key (a user's token gets 403).
    if (op.pathParams.length === 0)
      return {
        params: {},
        caller: adminOnly ? await fixtures.admin() : op.apiKeyOnly ? await fixtures.integrator() : caller,
      };
    const entry = BOLA_REGISTRY[op.key]?.[0];
    if (!entry) throw new Error(`no resource registered for ${op.key}`);
    const resource = await entry.setup(fixtures);
    return { params: resource.params, caller: resource.owner };
  }

  /** Required query parameters other than paging, filled with ids that exist. */
  const requiredQuery = (op: Operation) =>
    Object.fromEntries(
      op.queryParams.filter((p) => p.required).map((p) => [p.name, known[p.name] ?? randomUUID()]),
    );

  it('finds the lists', () => {
    expect(lists.length).toBeGreaterThanOrEqual(8);
  });

  it('refuses a limit over 100, or under 1, or not an integer, on every paged list (422 naming limit)', async () => {
    const paged = lists.filter((op) => op.queryParams.some((p) => p.name === 'limit'));
    expect(paged.length).toBeGreaterThanOrEqual(6);
    for (const op of paged) {
      const { params, caller: who } = await target(op);
      for (const limit of BAD_LIMITS) {
        const res = await send(t.http, op, {
          params,
          query: { ...requiredQuery(op), limit },
          headers: who.auth,
        });
        expect({ op: op.key, limit, status: res.status, problem: isProblem(res) }).toEqual({
          op: op.key,
          limit,
          status: 422,
          problem: true,
        });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('limit');
      }
      const page = op.queryParams.find((p) => p.name === 'page');
      for (const bad of page ? ['0', '-3', '100001'] : []) {
        const res = await send(t.http, op, {
          params,
          query: { ...requiredQuery(op), page: bad },
          headers: who.auth,
        });
        expect({ op: op.key, page: bad, status: res.status }).toEqual({ op: op.key, page: bad, status: 422 });
      }
      const full = await send(t.http, op, {
        params,
        query: { ...requiredQuery(op), limit: '100' },
        headers: who.auth,
      });
      expect({ op: op.key, status: full.status, res: describeResponse(full) }).toMatchObject({ status: 200 });
      expect(full.body.items.length).toBeLessThanOrEqual(100);
    }
  });

  it('documents an honest maxItems for every list that is not paged', () => {
    const unpaged = lists.filter((op) => !op.queryParams.some((p) => p.name === 'limit'));
    const unbounded = unpaged
      .filter((op) => typeof itemsSchema.get(op.key)?.maxItems !== 'number')
      .map((op) => `${op.key} returns every item: page it or bound it (test/hardening/FINDINGS.md)`);
    expect(unbounded).toEqual([]);
  });
});
