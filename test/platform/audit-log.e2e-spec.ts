import { randomBytes, randomUUID } from 'node:crypto';
import type { AuditEntryInput } from '../../src/platform/audit/audit-entry';
import { AuditTrail } from '../../src/platform/audit/audit-trail';
import { auditEntriesFor, requestId } from '../support/audit.factory';
import { signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

interface EntryBody {
  id: string;
  occurredAt: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
}

describe('platform: the audit log', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signUpAdmin(t);
  });
  afterAll(() => t.close());

  const trail = () => t.app.get(AuditTrail);
  /** Entries written in one transaction: they share its now(), so only the id orders them. */
  const recordTogether = (entries: AuditEntryInput[]) =>
    t.db.transaction(async (manager) => {
      for (const entry of entries) await trail().record(manager, entry);
    });
  const asAdmin = () => ({ id: admin.id, role: 'admin' as const });
  const uniqueAction = () => `test.event_${randomBytes(4).toString('hex')}`;
  const read = (query: Record<string, string | number>, caller: SignedUpUser = admin) =>
    t.http.get('/api/v1/admin/audit').set(caller.auth).query(query);
  /** Every page of a query, following nextCursor. */
  async function readAll(query: Record<string, string | number>): Promise<EntryBody[][]> {
    const pages: EntryBody[][] = [];
    let cursor: string | null = null;
    do {
      const res = await read(cursor ? { ...query, cursor } : query);
      expect(res.status).toBe(200);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor !== null && pages.length < 20);
    return pages;
  }

  describe('append-only in the database', () => {
    let id: string;
    beforeAll(async () => {
      const action = uniqueAction();
      await recordTogether([{ actor: 'system', action, target: { type: 'thing', id: 'kept' } }]);
      [{ id }] = await t.db.query('SELECT id FROM audit.entries WHERE action = $1', [action]);
    });

    it.each([
      ['UPDATE', () => `UPDATE audit.entries SET action = 'test.rewritten' WHERE id = '${id}'`],
      ['DELETE', () => `DELETE FROM audit.entries WHERE id = '${id}'`],
      ['TRUNCATE', () => 'TRUNCATE audit.entries'],
    ])('refuses %s', async (operation, sql) => {
      await expect(t.db.query(sql())).rejects.toMatchObject({
        message: `audit.entries is append-only: ${operation} refused`,
        driverError: expect.objectContaining({ code: '42501' }),
      });
      expect(await t.db.query('SELECT target_id FROM audit.entries WHERE id = $1', [id])).toEqual([
        { target_id: 'kept' },
      ]);
    });
  });

  it('writes in the caller’s transaction: rolled back, the entry is gone with the change', async () => {
    const action = uniqueAction();
    await expect(
      t.db.transaction(async (manager) => {
        await trail().record(manager, { actor: 'system', action });
        throw new Error('the action failed after recording');
      }),
    ).rejects.toThrow('the action failed');
    expect(await auditEntriesFor(t.db, { action })).toEqual([]);
  });

  it('refuses an action name that is not dotted, before writing anything', async () => {
    await expect(recordTogether([{ actor: 'system', action: 'Not A Name' }])).rejects.toThrow(
      'Not an audit action name',
    );
  });

  describe('admin actions in catalog', () => {
    it('records a category created and updated with the admin, the request id and what changed', async () => {
      const created = requestId('cat-create');
      const res = await t.http
        .post('/api/v1/categories')
        .set(admin.auth)
        .set('X-Request-Id', created)
        .send({ name: `Audited ${randomUUID()}` });
      expect(res.status).toBe(201);
      const updated = requestId('cat-update');
      const put = await t.http
        .put(`/api/v1/categories/${res.body.id}`)
        .set(admin.auth)
        .set('X-Request-Id', updated)
        .send({ name: `Renamed ${randomUUID()}` });
      expect(put.status).toBe(200);
      const common = {
        actor_id: admin.id,
        actor_role: 'admin',
        target_type: 'category',
        target_id: res.body.id,
        network: '127.0.0.0/24',
      };
      expect(await auditEntriesFor(t.db, { targetId: res.body.id })).toEqual([
        { ...common, action: 'catalog.category_created', request_id: created, details: { parentId: null } },
        {
          ...common,
          action: 'catalog.category_updated',
          request_id: updated,
          details: { moved: false, renamed: true, reslugged: false },
        },
      ]);
    });

    it('uses the id the app gave the request when the client sent none', async () => {
      const res = await t.http
        .post('/api/v1/categories')
        .set(admin.auth)
        .send({ name: `No id ${randomUUID()}` });
      expect(res.status).toBe(201);
      const [entry] = await auditEntriesFor(t.db, { targetId: res.body.id });
      expect(entry.request_id).toBe(res.headers['x-request-id']);
    });

    it('records nothing for a refused change (a name already taken, rolled back)', async () => {
      const name = `Taken ${randomUUID()}`;
      expect((await t.http.post('/api/v1/categories').set(admin.auth).send({ name })).status).toBe(201);
      const rid = requestId('cat-dup');
      const dup = await t.http
        .post('/api/v1/categories')
        .set(admin.auth)
        .set('X-Request-Id', rid)
        .send({ name });
      expect(dup.status).toBe(409);
      expect(await auditEntriesFor(t.db, { requestId: rid })).toEqual([]);
    });
  });

  describe('GET /admin/audit', () => {
    it('pages newest first across entries of one instant, each exactly once', async () => {
      const action = uniqueAction();
      const target = { type: 'thing', id: randomUUID() };
      await recordTogether([{ actor: 'system', action, target }]);
      await recordTogether(Array.from({ length: 5 }, () => ({ actor: asAdmin(), action, target })));
      const pages = await readAll({ action, limit: 2 });
      expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
      const items = pages.flat();
      const rows: { id: string }[] = await t.db.query(
        'SELECT id FROM audit.entries WHERE action = $1 ORDER BY occurred_at DESC, id DESC',
        [action],
      );
      expect(items.map((i) => i.id)).toEqual(rows.map((r) => r.id));
      expect(new Set(items.slice(0, 5).map((i) => i.occurredAt)).size).toBe(1);
      expect(items[5]).toMatchObject({ actorId: null, actorRole: 'system' });
      expect(items[0]).toMatchObject({
        actorId: admin.id,
        actorRole: 'admin',
        targetType: 'thing',
        targetId: target.id,
      });
    });

    it('filters by actor, target, action and time, all combined', async () => {
      const action = uniqueAction();
      const other = await signUp(t.http);
      const target = { type: 'thing', id: randomUUID() };
      await recordTogether([{ actor: { id: other.id, role: 'user' }, action, target }]);
      await recordTogether([
        { actor: asAdmin(), action, target },
        { actor: asAdmin(), action, target: { type: 'thing', id: randomUUID() } },
      ]);
      const all = (await read({ action })).body.items as EntryBody[];
      expect(all).toHaveLength(3);
      const ids = (query: Record<string, string>) =>
        read({ action, ...query }).then((res) => {
          expect(res.status).toBe(200);
          return (res.body.items as EntryBody[]).map((i) => i.id).sort();
        });
      const earliest = all[2];
      expect(await ids({ actorId: other.id })).toEqual([earliest.id]);
      const aboutTarget = all.filter((i) => i.targetId === target.id).map((i) => i.id);
      expect(aboutTarget).toHaveLength(2);
      expect(await ids({ targetType: 'thing', targetId: target.id })).toEqual(aboutTarget.sort());
      expect(await ids({ targetType: 'category', targetId: target.id })).toEqual([]);
      expect(await ids({ actorId: admin.id, targetId: target.id })).toHaveLength(1);
      expect(await ids({ to: earliest.occurredAt })).toEqual([]);
      expect(await ids({ from: earliest.occurredAt, to: all[0].occurredAt })).toEqual([earliest.id]);
      expect(await ids({ from: all[0].occurredAt })).toEqual([all[0].id, all[1].id].sort());
      expect(await ids({ actorId: randomUUID() })).toEqual([]);
    });

    it.each([
      ['cursor', { cursor: 'not-a-cursor' }],
      [
        'cursor',
        { cursor: Buffer.from('mb1|2026-01-01T00:00:00.000000Z|' + randomUUID()).toString('base64url') },
      ],
      ['actorId', { actorId: 'nope' }],
      ['from', { from: '2026-02-30T00:00:00Z' }],
      ['to', { to: '2026-01-01' }],
      ['action', { action: 'DROP TABLE' }],
      ['limit', { limit: 101 }],
    ])('refuses a malformed %s with 422 naming it', async (field, query) => {
      const res = await read(query);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    });

    it('is for admins only: 403 to a plain user, 401 anonymous', async () => {
      const user = await signUp(t.http);
      expect((await read({}, user)).status).toBe(403);
      expect((await t.http.get('/api/v1/admin/audit')).status).toBe(401);
    });
  });
});
