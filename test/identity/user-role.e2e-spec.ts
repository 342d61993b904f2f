import { signUpAdmin } from '../support/catalog.factory';
import { auditEntriesFor, requestId } from '../support/audit.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

/** PUT /admin/users/{userId}/role: admins grant and revoke the admin role, each change audited. */
describe('identity: granting and revoking the admin role', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signUpAdmin(t);
  });
  afterAll(() => t.close());

  const setRole = (caller: SignedUpUser, userId: string, role: unknown, rid = requestId()) =>
    t.http.put(`/api/v1/admin/users/${userId}/role`).set(caller.auth).set('X-Request-Id', rid).send({ role });
  const roleOf = async (userId: string) =>
    (await t.db.query('SELECT role FROM identity.users WHERE id = $1', [userId]))[0].role;
  const liveSessions = async (userId: string) =>
    (
      await t.db.query(
        'SELECT count(*)::int AS n FROM identity.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [userId],
      )
    )[0].n;

  it('grants the role, ends the person’s sessions and records who did it', async () => {
    const user = await signUp(t.http);
    const rid = requestId('grant');
    const res = await setRole(admin, user.id, 'admin', rid);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: user.id, role: 'admin', sessionsRevoked: 1 });
    expect(await roleOf(user.id)).toBe('admin');
    expect(await liveSessions(user.id)).toBe(0);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(
      401,
    );
    expect(await auditEntriesFor(t.db, { targetId: user.id })).toEqual([
      {
        actor_id: admin.id,
        actor_role: 'admin',
        action: 'identity.role_granted',
        target_type: 'user',
        target_id: user.id,
        request_id: rid,
        network: '127.0.0.0/24',
        details: { role: 'admin', previousRole: 'user', sessionsRevoked: 1 },
      },
    ]);
    // Signing in again yields a token with the new role: the promoted user reads the audit log.
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password });
    const audit = await t.http
      .get('/api/v1/admin/audit')
      .set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(audit.status).toBe(200);
  });

  it('revokes the role, and setting the role a user already has changes and records nothing', async () => {
    const other = await signUpAdmin(t);
    const same = await setRole(admin, other.id, 'admin');
    expect(same.status).toBe(200);
    expect(same.body).toEqual({ userId: other.id, role: 'admin', sessionsRevoked: 0 });
    expect(await auditEntriesFor(t.db, { targetId: other.id })).toEqual([]);

    const rid = requestId('revoke');
    const res = await setRole(admin, other.id, 'user', rid);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: other.id, role: 'user' });
    expect(await roleOf(other.id)).toBe('user');
    expect(await liveSessions(other.id)).toBe(0);
    expect(await auditEntriesFor(t.db, { targetId: other.id })).toEqual([
      expect.objectContaining({
        actor_id: admin.id,
        action: 'identity.role_revoked',
        request_id: rid,
        details: expect.objectContaining({ role: 'user', previousRole: 'admin' }),
      }),
    ]);
  });

  it('refuses a demoted admin whose access token still says admin (403), changing nothing', async () => {
    const demoted = await signUpAdmin(t);
    expect((await setRole(admin, demoted.id, 'user')).status).toBe(200);
    const entries = await auditEntriesFor(t.db, { targetId: demoted.id });
    // Within its 15 minutes the old token still carries the role: the database decides.
    const back = await setRole(demoted, demoted.id, 'admin');
    expect(back.status).toBe(403);
    expect(back.body).toMatchObject({ code: 'IDENTITY.NOT_AN_ADMIN' });
    expect((await setRole(demoted, admin.id, 'user')).status).toBe(403);
    expect(await roleOf(demoted.id)).toBe('user');
    expect(await roleOf(admin.id)).toBe('admin');
    expect(await auditEntriesFor(t.db, { targetId: demoted.id })).toEqual(entries);
  });

  it('refuses an admin removing their own admin role (409), changing nothing', async () => {
    const res = await setRole(admin, admin.id, 'user');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'IDENTITY.OWN_ADMIN_ROLE' });
    expect(await roleOf(admin.id)).toBe('admin');
    expect(await liveSessions(admin.id)).toBeGreaterThan(0);
    expect(await auditEntriesFor(t.db, { targetId: admin.id })).toEqual([]);
  });

  it('answers 404 for an unknown or a deleted user, 422 for a malformed id or role, 403 to plain users', async () => {
    expect((await setRole(admin, '00000000-0000-4000-8000-000000000000', 'admin')).status).toBe(404);
    const gone = await signUp(t.http);
    expect(
      (await t.http.delete('/api/v1/account').set(gone.auth).send({ password: gone.password })).status,
    ).toBe(204);
    expect((await setRole(admin, gone.id, 'admin')).status).toBe(404);
    expect(await roleOf(gone.id)).toBe('user');

    const malformed = await setRole(admin, 'not-a-uuid', 'admin');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
    const user = await signUp(t.http);
    const badRole = await setRole(admin, user.id, 'root');
    expect(badRole.status).toBe(422);
    expect(badRole.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);

    expect((await setRole(user, user.id, 'admin')).status).toBe(403);
    expect((await t.http.put(`/api/v1/admin/users/${user.id}/role`).send({ role: 'admin' })).status).toBe(
      401,
    );
    expect(await roleOf(user.id)).toBe('user');
    expect(await auditEntriesFor(t.db, { targetId: user.id, action: 'identity.role_granted' })).toEqual([]);
  });
});
