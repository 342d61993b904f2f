import { createHash } from 'node:crypto';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { signUp } from '../support/identity.factory';
import { mfaClient } from '../support/mfa.factory';
import { totpCode } from '../support/totp';

describe('identity: signing in with a second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  const { enrolled, login, challengeFor, complete, totpRow, refreshTokenCount } = mfaClient(() => t);

  it('answers 202 with a challenge and no tokens, then a code opens the session', async () => {
    const { user, authenticator } = await enrolled();
    const tokensBefore = await refreshTokenCount(user.id);

    const res = await login(user);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      mfaRequired: true,
      challengeToken: expect.any(String),
      expiresAt: expect.any(String),
      methods: ['totp', 'recovery_code'],
    });
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(290_000);
    expect(await refreshTokenCount(user.id)).toBe(tokensBefore);
    const [challenge] = await t.db.query(
      'SELECT token_hash, used_at FROM identity.mfa_challenges WHERE user_id = $1',
      [user.id],
    );
    expect(challenge.token_hash).not.toBe(res.body.challengeToken);
    expect(challenge.used_at).toBeNull();

    const done = await complete(
      { challengeToken: res.body.challengeToken, code: authenticator.nextCode() },
      'PhoneApp/7',
    );
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ tokenType: 'Bearer', user: { id: user.id, mfaEnabled: true } });
    const me = await t.http
      .get('/api/v1/auth/profile')
      .set({ Authorization: `Bearer ${done.body.accessToken}` });
    expect(me.status).toBe(200);
    expect(await refreshTokenCount(user.id)).toBe(tokensBefore + 1);
    // The session it opened shows the client, like any other.
    const sessions = await t.http
      .get('/api/v1/account/sessions')
      .set({ Authorization: `Bearer ${done.body.accessToken}` });
    expect(sessions.body.items[0]).toMatchObject({
      current: true,
      userAgent: 'PhoneApp/7',
      ipPrefix: '127.0.0.0/24',
    });
    // The refresh keeps saying MFA is on.
    const refreshed = await t.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: done.body.refreshToken });
    expect(refreshed.body.user.mfaEnabled).toBe(true);

    // Single use: the redeemed challenge opens nothing more.
    const reused = await complete({
      challengeToken: res.body.challengeToken,
      code: authenticator.nextCode(),
    });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('IDENTITY.MFA_CHALLENGE_INVALID');
  });

  it('refuses a code already used, even on a new challenge (replay)', async () => {
    const { user, authenticator } = await enrolled();
    const code = authenticator.nextCode();
    expect((await complete({ challengeToken: await challengeFor(user), code })).status).toBe(200);
    const step = Number((await totpRow(user.id)).last_used_step);
    expect(step).toBe(authenticator.lastStep);

    const replay = await complete({ challengeToken: await challengeFor(user), code });
    expect(replay.status).toBe(401);
    expect(replay.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(replay.body.code).toBe('IDENTITY.MFA_CODE_INVALID');
    expect(Number((await totpRow(user.id)).last_used_step)).toBe(step);
  });

  it('also refuses the confirmation code at sign-in: it was spent', async () => {
    const { user, authenticator } = await enrolled();
    const res = await complete({
      challengeToken: await challengeFor(user),
      code: authenticator.lastCode(),
    });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('IDENTITY.MFA_CODE_INVALID');
  });

  it('takes each recovery code once, however it is typed', async () => {
    const { user, recoveryCodes } = await enrolled();
    const [first, second] = recoveryCodes;
    const used = await complete({ challengeToken: await challengeFor(user), recoveryCode: first });
    expect(used.status).toBe(200);
    const [row] = await t.db.query(
      'SELECT used_at FROM identity.mfa_recovery_codes WHERE user_id = $1 AND code_hash = $2',
      [user.id, createHash('sha256').update(first.replace(/-/g, '')).digest('hex')],
    );
    expect(row.used_at).not.toBeNull();

    const again = await complete({ challengeToken: await challengeFor(user), recoveryCode: first });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('IDENTITY.MFA_CODE_INVALID');

    const typed = ` ${second.replace(/-/g, ' ').toUpperCase()} `;
    expect((await complete({ challengeToken: await challengeFor(user), recoveryCode: typed })).status).toBe(
      200,
    );
    const unused = await t.db.query(
      'SELECT count(*)::int AS n FROM identity.mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
      [user.id],
    );
    expect(unused).toEqual([{ n: 8 }]);
  });

  it('redeems a challenge once when two completions race', async () => {
    const { user, recoveryCodes } = await enrolled();
    const challengeToken = await challengeFor(user);
    const before = await refreshTokenCount(user.id);
    const results = await Promise.all([
      complete({ challengeToken, recoveryCode: recoveryCodes[0] }),
      complete({ challengeToken, recoveryCode: recoveryCodes[1] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(await refreshTokenCount(user.id)).toBe(before + 1);
  });

  it('spends one recovery code once when two challenges race for it', async () => {
    const { user, recoveryCodes } = await enrolled();
    const [a, b] = [await challengeFor(user), await challengeFor(user)];
    const results = await Promise.all([
      complete({ challengeToken: a, recoveryCode: recoveryCodes[0] }),
      complete({ challengeToken: b, recoveryCode: recoveryCodes[0] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('limits wrong codes per account: 429 after MFA_RATE_LIMIT_PER_ACCOUNT, even for the right one', async () => {
    const { user, authenticator } = await enrolled();
    const challengeToken = await challengeFor(user);
    const right = authenticator.nextCode();
    const wrong = right === '000000' ? '111111' : '000000';
    const step = (await totpRow(user.id)).last_used_step;
    for (let i = 0; i < 5; i++) {
      const res = await complete({ challengeToken, code: wrong });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('IDENTITY.MFA_CODE_INVALID');
    }
    const limited = await complete({ challengeToken, code: right });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // A new challenge does not reset it: the limit is the account's.
    expect((await complete({ challengeToken: await challengeFor(user), code: right })).status).toBe(429);
    expect((await totpRow(user.id)).last_used_step).toBe(step);
    const open = await t.db.query('SELECT used_at FROM identity.mfa_challenges WHERE user_id = $1', [
      user.id,
    ]);
    expect(open.every((c: { used_at: Date | null }) => c.used_at === null)).toBe(true);
  });

  it('refuses an expired challenge and an unknown one', async () => {
    const { user, recoveryCodes } = await enrolled();
    const challengeToken = await challengeFor(user);
    await t.db.query(
      `UPDATE identity.mfa_challenges SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    const expired = await complete({ challengeToken, recoveryCode: recoveryCodes[0] });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('IDENTITY.MFA_CHALLENGE_EXPIRED');
    const unknown = await complete({ challengeToken: 'x'.repeat(43), recoveryCode: recoveryCodes[0] });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('IDENTITY.MFA_CHALLENGE_INVALID');
    // Neither spent the recovery code.
    expect(
      (await complete({ challengeToken: await challengeFor(user), recoveryCode: recoveryCodes[0] })).status,
    ).toBe(200);
  });

  it.each([
    ['both proofs', { code: '123456', recoveryCode: 'abcd-efgh-jkmn' }],
    ['no proof', {}],
    ['a code that is not 6 digits', { code: '12345a' }],
    ['a number for a code', { code: 123456 }],
  ])('refuses %s (422)', async (_, proof) => {
    const res = await complete({ challengeToken: 'x'.repeat(43), ...proof });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'code' })]));
  });
});

describe('identity: second-factor checks under a small connection pool', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '2', WRITE_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  // The attempt counter lives in PostgreSQL too: asked for inside the code's transaction, it would
  // need a second connection while the first is held, and a burst would wait on itself.
  it('completes more concurrent sign-ins than the pool has connections', async () => {
    const people = [];
    for (let i = 0; i < 6; i++) {
      const user = await signUp(t.http);
      const secret = (
        await t.http.post('/api/v1/account/mfa/totp').set(user.auth).send({ password: user.password })
      ).body.secret as string;
      const confirmed = await t.http
        .post('/api/v1/account/mfa/totp/confirm')
        .set(user.auth)
        .send({ code: totpCode(secret) });
      expect(confirmed.status).toBe(200);
      const challenge = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password });
      expect(challenge.status).toBe(202);
      people.push({
        challengeToken: challenge.body.challengeToken,
        recoveryCode: confirmed.body.recoveryCodes[0],
      });
    }
    const results = await Promise.all(people.map((body) => t.http.post('/api/v1/auth/login/mfa').send(body)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});
