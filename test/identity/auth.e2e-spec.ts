import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { signUp, uniqueEmail } from '../support/identity.factory';

describe('identity: signup, login, refresh, logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REFRESH_REUSE_GRACE_SECONDS: '0' });
  });
  afterAll(() => t.close());

  const countUsers = async (email: string) =>
    Number((await t.db.query('SELECT count(*) AS n FROM identity.users WHERE email = $1', [email]))[0].n);

  describe('POST /auth/signup', () => {
    it('creates the account, its profile and a session', async () => {
      const email = uniqueEmail('Ada');
      const res = await t.http.post('/api/v1/auth/signup').send({
        email: `  ${email.toUpperCase()} `.trim(),
        password: 'correct-Horse-42',
        fullName: '  Ada Lovelace ',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        user: {
          email: email.toLowerCase(),
          role: 'user',
          status: 'active',
          profile: { fullName: 'Ada Lovelace', displayName: 'Ada' },
        },
      });
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      expect(JSON.stringify(res.body)).not.toMatch(/hash/i);
      const [row] = await t.db.query('SELECT email, password_hash, role FROM identity.users WHERE id = $1', [
        res.body.user.id,
      ]);
      expect(row.email).toBe(email.toLowerCase());
      expect(row.role).toBe('user');
      expect(row.password_hash).toMatch(/^\$2[aby]\$04\$/);
      const tokens = await t.db.query('SELECT token_hash FROM identity.refresh_tokens WHERE user_id = $1', [
        res.body.user.id,
      ]);
      expect(tokens).toHaveLength(1);
      expect(tokens[0].token_hash).not.toBe(res.body.refreshToken);
    });

    it('refuses an email with a lone surrogate as invalid (422), not a 500 (found by the heavy fuzzer)', async () => {
      const res = await t.http
        .post('/api/v1/auth/signup')
        .send({ email: 'a\ud800@example.com', password: 'correct-Horse-42', fullName: 'Lone Surrogate' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'email', message: 'email must be a valid email address' }]);
      const stored = await t.db.query(`SELECT 1 FROM identity.profiles WHERE full_name = 'Lone Surrogate'`);
      expect(stored).toEqual([]);
    });

    it('refuses an address at the reserved .invalid domain, where erased accounts keep theirs (422)', async () => {
      const someone = await signUp(t.http);
      const res = await t.http.post('/api/v1/auth/signup').send({
        email: `deleted-${someone.id}@deleted.invalid`,
        password: 'correct-Horse-42',
        fullName: 'Squatter',
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'email', message: 'email must be a valid email address' }]);
    });

    it('refuses an email already taken, whatever its case (409)', async () => {
      const user = await signUp(t.http);
      const res = await t.http
        .post('/api/v1/auth/signup')
        .send({ email: user.email.toUpperCase(), password: 'another-Pass-1', fullName: 'Someone Else' });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 409,
        code: 'IDENTITY.EMAIL_TAKEN',
        instance: '/api/v1/auth/signup',
      });
      expect(await countUsers(user.email)).toBe(1);
    });

    it.each([
      ['too short', 'Ab1-short', 'at least 10 characters'],
      ['one class only', 'abcdefghijklmn', 'mix at least two'],
      ['over 72 bytes', 'aB3'.repeat(25), 'at most 72 bytes'],
    ])('refuses a weak password: %s (422)', async (_, password, message) => {
      const email = uniqueEmail();
      const res = await t.http
        .post('/api/v1/auth/signup')
        .send({ email, password, fullName: 'Weak Password' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IDENTITY.WEAK_PASSWORD');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([{ field: 'password', message: expect.stringContaining(message) }]),
      );
      expect(await countUsers(email)).toBe(0);
    });

    it('refuses unknown fields instead of dropping them, naming each (422)', async () => {
      const email = uniqueEmail();
      const res = await t.http
        .post('/api/v1/auth/signup')
        .send({ email, password: 'correct-Horse-42', fullName: 'Mallory', role: 'admin', status: 'active' });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['role', 'status']);
      expect(await countUsers(email)).toBe(0);
    });

    it('names every invalid field', async () => {
      const res = await t.http.post('/api/v1/auth/signup').send({ email: 'not-an-email', password: 42 });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['email', 'password', 'fullName']),
      );
    });

    it('answers malformed JSON with 400 problem+json', async () => {
      const res = await t.http
        .post('/api/v1/auth/signup')
        .set('content-type', 'application/json')
        .send('{"email": ');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
    });
  });

  describe('POST /auth/login', () => {
    it('signs in with the right password, ignoring email case', async () => {
      const user = await signUp(t.http);
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email.toUpperCase(), password: user.password });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ id: user.id, email: user.email });
      const profile = await t.http
        .get('/api/v1/auth/profile')
        .set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(profile.status).toBe(200);
    });

    it('answers a wrong password and an unknown email identically (401)', async () => {
      const user = await signUp(t.http);
      const wrongPassword = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'wrong-Password-1' });
      const unknownEmail = await t.http
        .post('/api/v1/auth/login')
        .send({ email: uniqueEmail(), password: user.password });
      for (const res of [wrongPassword, unknownEmail]) {
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      expect(strip(wrongPassword.body)).toEqual(strip(unknownEmail.body));
      expect(wrongPassword.body.code).toBe('IDENTITY.INVALID_CREDENTIALS');
    });

    it('tells a suspended account its end only with the right password (403), a wrong one is a 401', async () => {
      const user = await signUp(t.http);
      const until = '2031-01-31T10:00:00.000Z';
      await t.db.query(`UPDATE identity.users SET status = 'suspended', suspended_until = $2 WHERE id = $1`, [
        user.id,
        until,
      ]);
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'IDENTITY.ACCOUNT_SUSPENDED', until });
      const wrong = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: `${user.password}x` });
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('IDENTITY.INVALID_CREDENTIALS');
      expect(wrong.body).not.toHaveProperty('until');

      await t.db.query(`UPDATE identity.users SET suspended_until = NULL WHERE id = $1`, [user.id]);
      const banned = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password });
      expect(banned.status).toBe(403);
      expect(banned.body).toMatchObject({ code: 'IDENTITY.ACCOUNT_SUSPENDED', until: null });
    });
  });

  describe('POST /auth/refresh', () => {
    it('rotates the refresh token: a new pair, the old one marked rotated', async () => {
      const user = await signUp(t.http);
      const res = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(res.status).toBe(200);
      expect(res.body.refreshToken).not.toBe(user.refreshToken);
      expect(res.body.user.id).toBe(user.id);
      const rows = await t.db.query(
        'SELECT rotated_at, revoked_at, family_id FROM identity.refresh_tokens WHERE user_id = $1 ORDER BY created_at',
        [user.id],
      );
      expect(rows).toHaveLength(2);
      expect(rows[0].rotated_at).not.toBeNull();
      expect(rows[1].rotated_at).toBeNull();
      expect(rows[0].family_id).toBe(rows[1].family_id);
    });

    it('revokes the whole family when a rotated token is presented again (theft detection)', async () => {
      const user = await signUp(t.http);
      const first = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(first.status).toBe(200);

      const replay = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('IDENTITY.REFRESH_TOKEN_REUSED');

      // The thief's fresh token is dead too.
      const newest = await t.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.body.refreshToken });
      expect(newest.status).toBe(401);
      const live = await t.db.query(
        'SELECT count(*) AS n FROM identity.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [user.id],
      );
      expect(Number(live[0].n)).toBe(0);
    });

    it('leaves other sessions (families) of the same user alone', async () => {
      const user = await signUp(t.http);
      const other = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password });
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      const res = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: other.body.refreshToken });
      expect(res.status).toBe(200);
    });

    it('refuses an unknown token (401)', async () => {
      const res = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'x'.repeat(43) });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
    });

    it('refuses an expired token (401)', async () => {
      const user = await signUp(t.http);
      await t.db.query(
        `UPDATE identity.refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.id],
      );
      const res = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
    });
  });

  describe('POST /auth/logout', () => {
    it('revokes the family (204); the token no longer refreshes', async () => {
      const user = await signUp(t.http);
      const res = await t.http.post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken });
      expect(res.status).toBe(204);
      const rows = await t.db.query('SELECT revoked_at FROM identity.refresh_tokens WHERE user_id = $1', [
        user.id,
      ]);
      expect(rows.every((r: { revoked_at: Date | null }) => r.revoked_at !== null)).toBe(true);
      const refresh = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(refresh.status).toBe(401);
    });

    it('is idempotent for unknown tokens (204)', async () => {
      const res = await t.http.post('/api/v1/auth/logout').send({ refreshToken: 'y'.repeat(43) });
      expect(res.status).toBe(204);
    });
  });
});
