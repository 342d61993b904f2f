import { randomUUID } from 'node:crypto';
import { signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

describe('catalog: categories', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  let user: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signUpAdmin(t);
    user = await signUp(t.http);
  });
  afterAll(() => t.close());

  const unique = () => randomUUID().slice(0, 8);
  const create = (body: object, as: SignedUpUser = admin) =>
    t.http.post('/api/v1/categories').set(as.auth).send(body);
  const update = (id: string, body: object, as: SignedUpUser = admin) =>
    t.http.put(`/api/v1/categories/${id}`).set(as.auth).send(body);
  const made = async (name: string, parentId?: string) => {
    const res = await create({ name, parentId });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; slug: string; name: string };
  };

  it('POST /categories (admin) creates a category with a slug from its name', async () => {
    const name = `Vélos & Bikes ${unique()}`;
    const res = await create({ name: `  ${name} ` });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name,
      slug: expect.stringMatching(/^velos-bikes-[0-9a-f]{8}$/),
      parentId: null,
      path: [],
      children: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [row] = await t.db.query(
      'SELECT name, name_key, slug, parent_id FROM catalog.categories WHERE id = $1',
      [res.body.id],
    );
    expect(row).toEqual({ name, name_key: name.toLowerCase(), slug: res.body.slug, parent_id: null });
  });

  it('subcategories: path, children, and a parent-prefixed slug when the plain one is taken', async () => {
    const root = await made(`Outdoor ${unique()}`);
    const tents = await made('Tents', root.id);
    const otherRoot = await made(`Festival ${unique()}`);
    const tents2 = await made('Tents', otherRoot.id);
    expect(tents.slug).toMatch(/^tents(-|$)/);
    expect(tents2.slug).not.toBe(tents.slug);
    const small = await made('Small tents', tents.id);
    const res = await t.http.get(`/api/v1/categories/${small.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: small.id,
      parentId: tents.id,
      path: [
        { id: root.id, name: root.name, slug: root.slug },
        { id: tents.id, name: 'Tents', slug: tents.slug },
      ],
      children: [],
    });
    const parent = await t.http.get(`/api/v1/categories/${tents.id}`);
    expect(parent.body.children).toEqual([{ id: small.id, name: 'Small tents', slug: small.slug }]);
  });

  it('GET /categories returns the nested tree, public, siblings by name', async () => {
    const root = await made(`Zzz tree ${unique()}`);
    const b = await made('B child', root.id);
    const a = await made('A child', root.id);
    const leaf = await made('Leaf', b.id);
    const res = await t.http.get('/api/v1/categories');
    expect(res.status).toBe(200);
    const node = res.body.items.find((n: { id: string }) => n.id === root.id);
    expect(node).toEqual({
      id: root.id,
      name: root.name,
      slug: root.slug,
      parentId: null,
      children: [
        { id: a.id, name: 'A child', slug: a.slug, parentId: root.id, children: [] },
        {
          id: b.id,
          name: 'B child',
          slug: b.slug,
          parentId: root.id,
          children: [{ id: leaf.id, name: 'Leaf', slug: leaf.slug, parentId: b.id, children: [] }],
        },
      ],
    });
    // No subcategory shows up at the top level.
    expect(res.body.items.every((n: { parentId: string | null }) => n.parentId === null)).toBe(true);
  });

  it('sibling names are unique case-insensitively (409), also among top-level categories', async () => {
    const root = await made(`Party ${unique()}`);
    await made('Speakers', root.id);
    const dup = await create({ name: 'SPEAKERS', parentId: root.id });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CATALOG.CATEGORY_NAME_TAKEN');
    const topDup = await create({ name: root.name.toUpperCase() });
    expect(topDup.status).toBe(409);
    expect(topDup.body.code).toBe('CATALOG.CATEGORY_NAME_TAKEN');
  });

  it('an explicit slug that is taken is a 409', async () => {
    const slug = `custom-${unique()}`;
    expect((await create({ name: `One ${unique()}`, slug })).status).toBe(201);
    const res = await create({ name: `Two ${unique()}`, slug });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CATALOG.CATEGORY_SLUG_TAKEN');
  });

  it('two concurrent creations of the same name: one 201, one 409, never a 500', async () => {
    const name = `Race ${unique()}`;
    const results = await Promise.all([create({ name }), create({ name }), create({ name })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it.each([
    [{ name: 'x' }, 'name'],
    [{ name: 'x'.repeat(61) }, 'name'],
    [{}, 'name'],
    [{ name: 'Fine', parentId: 'nope' }, 'parentId'],
    [{ name: 'Fine', parentId: '00000000-0000-4000-8000-000000000000' }, 'parentId'],
    [{ name: 'Fine', slug: 'Not A Slug' }, 'slug'],
    [{ name: 'Fine', slug: 'double--hyphen' }, 'slug'],
    [{ name: 'Fine', extra: true }, 'extra'],
  ])('POST %j is a 422 naming %s', async (body, field) => {
    const res = await create(body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('only admins create or change categories (403), anonymous callers get 401', async () => {
    const res = await create({ name: `Sneaky ${unique()}` }, user);
    expect(res.status).toBe(403);
    expect((await t.http.post('/api/v1/categories').send({ name: 'Anon' })).status).toBe(401);
    const cat = await made(`Guarded ${unique()}`);
    expect((await update(cat.id, { name: 'Mine now' }, user)).status).toBe(403);
  });

  it('GET /categories/:id: 404 for an unknown id, 422 for a malformed one (a slug is not an id)', async () => {
    expect((await t.http.get(`/api/v1/categories/${randomUUID()}`)).status).toBe(404);
    expectMalformedId(await t.http.get('/api/v1/categories/tools'), 'id');
  });

  it('PUT renames and moves; moving under itself or a descendant is a 409 cycle', async () => {
    const a = await made(`A ${unique()}`);
    const b = await made('Bee', a.id);
    const c = await made('Cee', b.id);
    const renamed = await update(b.id, { name: 'B renamed', slug: `b-renamed-${unique()}` });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'B renamed', parentId: a.id });

    for (const target of [a.id, b.id, c.id]) {
      const res = await update(a.id, { parentId: target });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CATALOG.CATEGORY_CYCLE');
    }
    const [row] = await t.db.query('SELECT parent_id FROM catalog.categories WHERE id = $1', [a.id]);
    expect(row.parent_id).toBeNull();

    const moved = await update(c.id, { parentId: null });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: null, path: [] });
    const back = await update(c.id, { parentId: a.id });
    expect(back.body.path.map((p: { id: string }) => p.id)).toEqual([a.id]);
  });

  it('concurrent opposite moves cannot build a cycle together', async () => {
    const x = await made(`X ${unique()}`);
    const y = await made(`Y ${unique()}`);
    const [r1, r2] = await Promise.all([update(x.id, { parentId: y.id }), update(y.id, { parentId: x.id })]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const cycle = await t.db.query(
      `WITH RECURSIVE up AS (SELECT id, parent_id, 1 AS n FROM catalog.categories WHERE id = $1
         UNION ALL SELECT c.id, c.parent_id, up.n + 1 FROM catalog.categories c JOIN up ON c.id = up.parent_id WHERE up.n < 10)
       SELECT max(n)::int AS depth FROM up`,
      [x.id],
    );
    expect(cycle[0].depth).toBeLessThan(10);
  });

  it('the tree nests at most 5 levels', async () => {
    let parent = await made(`Deep ${unique()}`);
    for (let level = 2; level <= 5; level++) parent = await made(`Level ${level}`, parent.id);
    const res = await create({ name: 'Level 6', parentId: parent.id });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CATALOG.CATEGORY_TOO_DEEP');
  });

  it('PUT /categories/:id for an unknown id is 404', async () => {
    expect((await update(randomUUID(), { name: 'Ghost' })).status).toBe(404);
  });
});
