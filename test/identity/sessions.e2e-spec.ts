import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { signUp } from '../support/identity.factory';
import { eventually } from '../support/waiting';
import { hashRefreshToken } from '../../src/modules/identity/application/token-issuer';
import type { SignedUpUser } from '../support/identity.factory';
import { expectMalformedId } from '../support/uuid-assertions';

const sidOf = (accessToken: string): string =>
  JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')).sid;
const bearer = (accessToken: string) => ({ Authorization: `Bearer ${accessToken}` });

describe('identity: sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  /** A second sign-in of `user` from another client: its own session. */
  const login = async (user: SignedUpUser, userAgent: string) => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('User-Agent', userAgent)
      .send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
    return { accessToken: res.body.accessToken as string, refreshToken: res.body.refreshToken as string };
  };
  const refresh = (refreshToken: string, userAgent = 'Refresher/1') =>
    t.http.post('/api/v1/auth/refresh').set('User-Agent', userAgent).send({ refreshToken });
  const list = (accessToken: string) => t.http.get('/api/v1/account/sessions').set(bearer(accessToken));
  const liveTokens = async (userId: string) =>
    (
      await t.db.query(
        `SELECT DISTINCT family_id FROM identity.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY 1`,
        [userId],
      )
    ).map((r: { family_id: string }) => r.family_id);

  it('lists each sign-in with its client, network and times, and marks the current one', async () => {
    const user = await signUp(t.http); // supertest's own user agent, or none
    const laptop = await login(user, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
    const phone = await login(user, 'OneSocietyApp/2.3 (iPhone; iOS 19)');

    const res = await list(phone.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    const [first, second, third] = res.body.items;
    expect(first).toEqual({
      id: sidOf(phone.accessToken),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      userAgent: 'OneSocietyApp/2.3 (iPhone; iOS 19)',
      ipPrefix: '127.0.0.0/24',
      current: true,
    });
    expect(second).toMatchObject({
      id: sidOf(laptop.accessToken),
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
      ipPrefix: '127.0.0.0/24',
      current: false,
    });
    expect(third).toMatchObject({ id: sidOf(user.accessToken), current: false });
    // The id is the refresh-token family, as the database holds it; no address is kept whole.
    const rows = await t.db.query(
      `SELECT family_id, user_agent, ip_prefix FROM identity.refresh_tokens WHERE user_id = $1`,
      [user.id],
    );
    expect(rows.map((r: { family_id: string }) => r.family_id).sort()).toEqual(
      [first.id, second.id, third.id].sort(),
    );
    expect(rows.every((r: { ip_prefix: string }) => r.ip_prefix === '127.0.0.0/24')).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');

    // A refresh keeps the session (same id) and moves lastUsedAt and the client to the new token's.
    const refreshed = await refresh(laptop.refreshToken, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/141.0');
    expect(refreshed.status).toBe(200);
    expect(sidOf(refreshed.body.accessToken)).toBe(sidOf(laptop.accessToken));
    const after = (await list(phone.accessToken)).body.items;
    expect(after).toHaveLength(3);
    expect(after[0]).toMatchObject({
      id: sidOf(laptop.accessToken),
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/141.0',
      createdAt: second.createdAt,
      current: false,
    });
    expect(Date.parse(after[0].lastUsedAt)).toBeGreaterThan(Date.parse(second.lastUsedAt));
  });

  it('keeps at most 256 characters of a user agent', async () => {
    const user = await signUp(t.http);
    const session = await login(user, `Agent/${'x'.repeat(600)}`);
    const [current] = (await list(session.accessToken)).body.items;
    expect(current.current).toBe(true);
    expect(current.userAgent).toHaveLength(256);
    const [row] = await t.db.query(
      `SELECT length(user_agent) AS n FROM identity.refresh_tokens WHERE family_id = $1`,
      [current.id],
    );
    expect(row.n).toBe(256);
  });

  it('leaves out signed-out and expired sessions', async () => {
    const user = await signUp(t.http);
    const gone = await login(user, 'Gone/1');
    const stale = await login(user, 'Stale/1');
    const current = await login(user, 'Current/1');
    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: gone.refreshToken })).status).toBe(
      204,
    );
    await t.db.query(
      `UPDATE identity.refresh_tokens SET expires_at = now() - interval '1 second' WHERE family_id = $1`,
      [sidOf(stale.accessToken)],
    );
    const items = (await list(current.accessToken)).body.items;
    expect(items.map((s: { id: string }) => s.id)).toEqual([
      sidOf(current.accessToken),
      sidOf(user.accessToken),
    ]);
  });

  it('revokes one session: it can no longer refresh, the others can', async () => {
    const user = await signUp(t.http);
    const laptop = await login(user, 'Laptop/1');
    const phone = await login(user, 'Phone/1');

    const res = await t.http
      .delete(`/api/v1/account/sessions/${sidOf(laptop.accessToken)}`)
      .set(bearer(phone.accessToken));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    const refused = await refresh(laptop.refreshToken);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
    expect((await refresh(phone.refreshToken)).status).toBe(200);
    expect(await liveTokens(user.id)).not.toContain(sidOf(laptop.accessToken));
    const ids = (await list(phone.accessToken)).body.items.map((s: { id: string }) => s.id);
    expect(ids).not.toContain(sidOf(laptop.accessToken));
    expect(ids).toContain(sidOf(phone.accessToken));

    // Already ended: nothing left to revoke.
    const again = await t.http
      .delete(`/api/v1/account/sessions/${sidOf(laptop.accessToken)}`)
      .set(bearer(phone.accessToken));
    expect(again.status).toBe(404);
  });

  it("answers 404 for someone else's session and leaves it alive", async () => {
    const owner = await signUp(t.http);
    const intruder = await signUp(t.http);
    const before = await liveTokens(owner.id);

    const res = await t.http
      .delete(`/api/v1/account/sessions/${sidOf(owner.accessToken)}`)
      .set(intruder.auth);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'IDENTITY.SESSION_NOT_FOUND' });
    expect(await liveTokens(owner.id)).toEqual(before);
    expect((await refresh(owner.refreshToken)).status).toBe(200);

    const unknown = await t.http
      .delete('/api/v1/account/sessions/00000000-0000-4000-8000-000000000000')
      .set(intruder.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectMalformedId(await t.http.delete('/api/v1/account/sessions/not-a-uuid').set(intruder.auth), 'id');
  });

  it('signs out every other session and keeps the current one', async () => {
    const user = await signUp(t.http);
    const other = await signUp(t.http);
    const laptop = await login(user, 'Laptop/1');
    const phone = await login(user, 'Phone/1');

    const res = await t.http.delete('/api/v1/account/sessions').set(bearer(phone.accessToken));
    expect(res.status).toBe(204);

    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await refresh(laptop.refreshToken)).status).toBe(401);
    const kept = await refresh(phone.refreshToken);
    expect(kept.status).toBe(200);
    expect(await liveTokens(user.id)).toEqual([sidOf(phone.accessToken)]);
    const items = (await list(kept.body.accessToken)).body.items;
    expect(items).toEqual([expect.objectContaining({ id: sidOf(phone.accessToken), current: true })]);
    // Nobody else's sessions are touched.
    expect(await liveTokens(other.id)).toEqual([sidOf(other.accessToken)]);
  });

  it('needs an access token', async () => {
    expect((await t.http.get('/api/v1/account/sessions')).status).toBe(401);
    expect((await t.http.delete('/api/v1/account/sessions')).status).toBe(401);
  });
  it('revokes the token a refresh issues while "sign out the others" runs (no lost revocation)', async () => {
    const user = await signUp(t.http);
    const thief = await login(user, 'Thief/1');
    const blocked = async () =>
      Number(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        )[0].n,
      );
    // Hold the thief's token row, so their refresh stops in the middle, holding what it took so far.
    const holder = t.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT 1 FROM identity.refresh_tokens WHERE token_hash = $1 FOR UPDATE', [
        hashRefreshToken(thief.refreshToken),
      ]);
      const refreshing = refresh(thief.refreshToken, 'Thief/1').then((res) => res);
      await eventually(async () => (await blocked()) >= 1);
      const signingOut = t.http
        .delete('/api/v1/account/sessions')
        .set(user.auth)
        .then((res) => res);
      await eventually(async () => (await blocked()) >= 2);
      await holder.rollbackTransaction();
      const [refreshed, signedOut] = await Promise.all([refreshing, signingOut]);
      expect(refreshed.status).toBe(200);
      expect(signedOut.status).toBe(204);
      // The pair the refresh handed out belongs to a session that was signed out.
      expect((await refresh(refreshed.body.refreshToken)).status).toBe(401);
      expect(await liveTokens(user.id)).toEqual([sidOf(user.accessToken)]);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
