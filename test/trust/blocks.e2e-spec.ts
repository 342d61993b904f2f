import { randomUUID } from 'node:crypto';
import { EventRelay } from '../../src/platform/events/event-relay';
import { deleteAccount } from '../support/erasure.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { block, unblock } from '../support/trust.factory';

describe('trust: blocking users (PUT, DELETE, GET /trust/blocks)', () => {
  let t: TestApp;
  let ada: SignedUpUser;
  let bob: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    [ada, bob] = await Promise.all([
      signUp(t.http, { fullName: 'Ada Lovelace' }),
      signUp(t.http, { fullName: 'Bob Builder' }),
    ]);
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const blockRows = (blockerId: string) =>
    t.db.query('SELECT blocked_id FROM trust.blocks WHERE blocker_id = $1 ORDER BY blocked_id', [blockerId]);
  const events = (blockerId: string) =>
    t.db.query(
      `SELECT type, payload FROM trust.outbox_events WHERE payload->>'blockerId' = $1 ORDER BY occurred_at, id`,
      [blockerId],
    );

  it('blocks a user, once however often it is asked, with one UserBlocked event', async () => {
    const blocker = await signUp(t.http);
    const first = await t.http.put(`/api/v1/trust/blocks/${bob.id}`).set(blocker.auth);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      userId: bob.id,
      blockedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      user: {
        id: bob.id,
        displayName: 'Bob',
        avatarUrl: null,
        city: null,
        country: null,
        memberSince: expect.any(String),
      },
    });
    const again = await t.http.put(`/api/v1/trust/blocks/${bob.id.toUpperCase()}`).set(blocker.auth);
    expect(again.status).toBe(200);
    expect(again.body.blockedAt).toBe(first.body.blockedAt);

    expect(await blockRows(blocker.id)).toEqual([{ blocked_id: bob.id }]);
    expect(await events(blocker.id)).toEqual([
      { type: 'trust.UserBlocked', payload: { blockerId: blocker.id, blockedId: bob.id } },
    ]);
  });

  it('lifts a block with one UserUnblocked event; lifting it again is a 204 that changes nothing', async () => {
    const blocker = await signUp(t.http);
    await block(t, blocker, bob);
    for (let i = 0; i < 2; i++) {
      const res = await t.http.delete(`/api/v1/trust/blocks/${bob.id}`).set(blocker.auth);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
    }
    expect(await blockRows(blocker.id)).toEqual([]);
    expect((await events(blocker.id)).map((e: { type: string }) => e.type)).toEqual([
      'trust.UserBlocked',
      'trust.UserUnblocked',
    ]);
    // Lifting a block that never was (of anyone, known or not) is the same no-op.
    const never = await t.http.delete(`/api/v1/trust/blocks/${randomUUID()}`).set(blocker.auth);
    expect(never.status).toBe(204);
    expect(await events(blocker.id)).toHaveLength(2);
  });

  it('refuses blocking oneself with a problem, storing nothing', async () => {
    for (const method of ['put', 'delete'] as const) {
      const res = await t.http[method](`/api/v1/trust/blocks/${ada.id}`).set(ada.auth);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'TRUST.CANNOT_BLOCK_SELF',
        errors: [{ field: 'userId', message: 'userId must be another user' }],
      });
    }
    expect(await blockRows(ada.id)).toEqual([]);
    expect(await events(ada.id)).toEqual([]);
  });

  it('answers 404 for an unknown user and 422 for a malformed id, storing nothing', async () => {
    const blocker = await signUp(t.http);
    const unknown = await t.http.put(`/api/v1/trust/blocks/${randomUUID()}`).set(blocker.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'TRUST.USER_NOT_FOUND' });
    const malformed = await t.http.put('/api/v1/trust/blocks/not-a-uuid').set(blocker.auth);
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
    expect(await blockRows(blocker.id)).toEqual([]);
    expect(await events(blocker.id)).toEqual([]);
  });

  it('needs a token', async () => {
    expect((await t.http.put(`/api/v1/trust/blocks/${bob.id}`)).status).toBe(401);
    expect((await t.http.delete(`/api/v1/trust/blocks/${bob.id}`)).status).toBe(401);
    expect((await t.http.get('/api/v1/trust/blocks')).status).toBe(401);
  });

  it("lists the caller's own blocks, newest first, in cursor pages", async () => {
    const blocker = await signUp(t.http);
    const people = [];
    for (let i = 0; i < 3; i++) {
      const person = await signUp(t.http, { fullName: `Person${i} Test` });
      await block(t, blocker, person);
      people.push(person);
    }
    // Someone else's block of the caller is never in the caller's list.
    await block(t, bob, blocker);

    const first = await t.http.get('/api/v1/trust/blocks').query({ limit: 2 }).set(blocker.auth);
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { userId: string }) => i.userId)).toEqual([people[2].id, people[1].id]);
    expect(first.body.items[0].user).toMatchObject({ id: people[2].id, displayName: 'Person2' });
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const second = await t.http
      .get('/api/v1/trust/blocks')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set(blocker.auth);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ userId: people[0].id })],
      nextCursor: null,
    });

    const bobs = await t.http.get('/api/v1/trust/blocks').set(bob.auth);
    expect(bobs.body.items.map((i: { userId: string }) => i.userId)).toContain(blocker.id);

    const bad = await t.http
      .get('/api/v1/trust/blocks')
      .query({ cursor: 'bm90LWEtY3Vyc29y' })
      .set(blocker.auth);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'TRUST.INVALID_CURSOR' });
  });

  it("erases an erased account's blocks both ways, and exports whom the person blocked", async () => {
    const zelda = await signUp(t.http, { fullName: 'Zelda Gone' });
    const other = await signUp(t.http);
    await block(t, zelda, other);
    await block(t, other, zelda);
    await block(t, ada, other);

    const exported = await t.http.post('/api/v1/account/data-exports').set(zelda.auth);
    expect(exported.status).toBe(202);
    await drain();
    const download = await t.http
      .get(`/api/v1/account/data-exports/${exported.body.id}/document`)
      .set(zelda.auth);
    expect(download.status).toBe(200);
    // Whom she blocked, never who blocked her.
    expect(download.body.trust).toEqual({
      blocks: [{ userId: other.id, blockedAt: expect.any(String) }],
      sanctions: [],
    });

    expect((await deleteAccount(t, zelda, { password: zelda.password })).status).toBe(204);
    await drain();
    const left = await t.db.query(
      'SELECT blocker_id, blocked_id FROM trust.blocks WHERE $1 IN (blocker_id, blocked_id) OR blocker_id = $2',
      [zelda.id, ada.id],
    );
    expect(left).toEqual([{ blocker_id: ada.id, blocked_id: other.id }]);
    const [processed] = await t.db.query(
      `SELECT count(*)::int AS n FROM trust.inbox_events WHERE handler = 'trust.erase-deleted-user-blocks'`,
    );
    expect(processed.n).toBeGreaterThan(0);
    await unblock(t, ada, other);
  });
});
