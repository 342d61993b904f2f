import { createHash } from 'node:crypto';
import { SecondFactor } from '../../src/modules/identity/application/second-factor';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { signUp } from '../support/identity.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { hotp, TestAuthenticator, totpCode, totpStep } from '../support/totp';

describe("the tests' own TOTP (RFC 6238 appendix B, SHA1)", () => {
  const key = Buffer.from('12345678901234567890', 'ascii');
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('gives the RFC value at t=%i', (seconds, expected) => {
    expect(hotp(key, totpStep(seconds * 1000), 8)).toBe(expected);
    expect(totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', totpStep(seconds * 1000))).toBe(expected.slice(2));
  });
});

describe('identity: TOTP second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  const enrol = (user: SignedUpUser) =>
    t.http.post('/api/v1/account/mfa/totp').set(user.auth).send({ password: user.password });

  /** Enrolled and confirmed, as a person with an authenticator app would be. */
  const enrolled = async () => {
    const user = await signUp(t.http);
    const started = await enrol(user);
    expect(started.status).toBe(201);
    const authenticator = new TestAuthenticator(started.body.secret);
    const confirmed = await t.http
      .post('/api/v1/account/mfa/totp/confirm')
      .set(user.auth)
      .send({ code: authenticator.nextCode() });
    expect(confirmed.status).toBe(200);
    return { user, authenticator, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  };
  const login = (user: SignedUpUser, userAgent = 'Test/1') =>
    t.http
      .post('/api/v1/auth/login')
      .set('User-Agent', userAgent)
      .send({ email: user.email, password: user.password });
  const challengeFor = async (user: SignedUpUser) => {
    const res = await login(user);
    expect(res.status).toBe(202);
    return res.body.challengeToken as string;
  };
  const complete = (body: Record<string, unknown>, userAgent = 'Test/1') =>
    t.http.post('/api/v1/auth/login/mfa').set('User-Agent', userAgent).send(body);
  const totpRow = async (userId: string) =>
    (await t.db.query('SELECT * FROM identity.mfa_totp WHERE user_id = $1', [userId]))[0];
  const refreshTokenCount = async (userId: string) =>
    Number(
      (await t.db.query('SELECT count(*) AS n FROM identity.refresh_tokens WHERE user_id = $1', [userId]))[0]
        .n,
    );

  describe('enrolment', () => {
    it('hands out a secret and an otpauth URI, and keeps the secret only sealed', async () => {
      const user = await signUp(t.http);
      const res = await enrol(user);
      expect(res.status).toBe(201);
      expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(res.body.otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toBe(`/OneSociety:${user.email}`);
      expect(Object.fromEntries(uri.searchParams)).toMatchObject({
        secret: res.body.secret,
        algorithm: 'SHA1',
        digits: '6',
        period: '30',
      });

      const row = await totpRow(user.id);
      expect(row.confirmed_at).toBeNull();
      expect(row.secret_sealed).toMatch(/^v1\./);
      // Neither the base32 text nor the raw bytes of the secret appear anywhere in the row.
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(res.body.secret);
      expect(stored.toLowerCase()).not.toContain(res.body.secret.toLowerCase());

      // Pending: sign-in still takes the password alone, and the account says MFA is off.
      const signedIn = await login(user);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.mfaEnabled).toBe(false);
    });

    it('refuses a wrong password (403) and stores nothing', async () => {
      const user = await signUp(t.http);
      const res = await t.http
        .post('/api/v1/account/mfa/totp')
        .set(user.auth)
        .send({ password: 'not-My-Password-1' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('IDENTITY.CURRENT_PASSWORD_WRONG');
      expect(await totpRow(user.id)).toBeUndefined();
    });

    it('replaces a pending secret when enrolling again; only the new one confirms', async () => {
      const user = await signUp(t.http);
      const first = (await enrol(user)).body.secret as string;
      const second = (await enrol(user)).body.secret as string;
      expect(second).not.toBe(first);
      expect(
        (
          await t.http
            .post('/api/v1/account/mfa/totp/confirm')
            .set(user.auth)
            .send({ code: totpCode(first) })
        ).body.code,
      ).toBe('IDENTITY.MFA_CODE_INVALID');
      expect((await totpRow(user.id)).confirmed_at).toBeNull();
      const confirmed = await t.http
        .post('/api/v1/account/mfa/totp/confirm')
        .set(user.auth)
        .send({ code: totpCode(second) });
      expect(confirmed.status).toBe(200);
    });

    it('confirms with a code: ten recovery codes, stored only as hashes, and MFA is on', async () => {
      const { user, recoveryCodes } = await enrolled();
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

      const rows: { code_hash: string; used_at: Date | null }[] = await t.db.query(
        'SELECT code_hash, used_at FROM identity.mfa_recovery_codes WHERE user_id = $1',
        [user.id],
      );
      const sha256 = (code: string) => createHash('sha256').update(code.replace(/-/g, '')).digest('hex');
      expect(rows.map((r) => r.code_hash).sort()).toEqual(recoveryCodes.map(sha256).sort());
      expect(rows.every((r) => r.used_at === null)).toBe(true);
      const stored = JSON.stringify(rows);
      for (const code of recoveryCodes) {
        expect(stored).not.toContain(code);
        expect(stored).not.toContain(code.replace(/-/g, ''));
      }
      const row = await totpRow(user.id);
      expect(row.confirmed_at).not.toBeNull();
      expect(Number(row.last_used_step)).toBeGreaterThanOrEqual(totpStep() - 1);

      const account = await t.http.get('/api/v1/auth/profile').set(user.auth);
      expect(account.body.mfaEnabled).toBe(true);
    });

    it('refuses to enrol or confirm again once on (409)', async () => {
      const { user, authenticator } = await enrolled();
      const again = await enrol(user);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('IDENTITY.MFA_ALREADY_ENABLED');
      const reconfirm = await t.http
        .post('/api/v1/account/mfa/totp/confirm')
        .set(user.auth)
        .send({ code: authenticator.nextCode() });
      expect(reconfirm.status).toBe(409);
      expect(reconfirm.body.code).toBe('IDENTITY.MFA_ALREADY_ENABLED');
    });

    it('has nothing to confirm without an enrolment (409)', async () => {
      const user = await signUp(t.http);
      const res = await t.http
        .post('/api/v1/account/mfa/totp/confirm')
        .set(user.auth)
        .send({ code: '123456' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('IDENTITY.MFA_NOT_ENABLED');
    });
  });

  describe('sign-in', () => {
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

  describe('turning it off and renewing recovery codes', () => {
    it('turns off with a code: the authenticator and codes are gone, sign-in takes the password alone', async () => {
      const { user, authenticator } = await enrolled();
      const wrong = await t.http
        .delete('/api/v1/account/mfa/totp')
        .set(user.auth)
        .send({ code: authenticator.lastCode() });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('IDENTITY.MFA_CODE_INVALID');
      expect(await totpRow(user.id)).toBeDefined();

      const res = await t.http
        .delete('/api/v1/account/mfa/totp')
        .set(user.auth)
        .send({ code: authenticator.nextCode() });
      expect(res.status).toBe(204);
      expect(await totpRow(user.id)).toBeUndefined();
      expect(
        await t.db.query('SELECT 1 FROM identity.mfa_recovery_codes WHERE user_id = $1', [user.id]),
      ).toEqual([]);
      const signedIn = await login(user);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.mfaEnabled).toBe(false);

      const again = await t.http.delete('/api/v1/account/mfa/totp').set(user.auth).send({ code: '123456' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('IDENTITY.MFA_NOT_ENABLED');
    });

    it('turns off with a recovery code too', async () => {
      const { user, recoveryCodes } = await enrolled();
      const res = await t.http
        .delete('/api/v1/account/mfa/totp')
        .set(user.auth)
        .send({ recoveryCode: recoveryCodes[3] });
      expect(res.status).toBe(204);
      expect(await totpRow(user.id)).toBeUndefined();
    });

    it('renews the recovery codes with a code: the old ones stop working', async () => {
      const { user, authenticator, recoveryCodes } = await enrolled();
      const res = await t.http
        .post('/api/v1/account/mfa/recovery-codes')
        .set(user.auth)
        .send({ code: authenticator.nextCode() });
      expect(res.status).toBe(200);
      const renewed: string[] = res.body.recoveryCodes;
      expect(renewed).toHaveLength(10);
      expect(renewed.filter((c) => recoveryCodes.includes(c))).toEqual([]);
      expect(
        (
          await t.db.query('SELECT count(*)::int AS n FROM identity.mfa_recovery_codes WHERE user_id = $1', [
            user.id,
          ])
        )[0].n,
      ).toBe(10);

      const old = await complete({
        challengeToken: await challengeFor(user),
        recoveryCode: recoveryCodes[0],
      });
      expect(old.status).toBe(401);
      expect(
        (await complete({ challengeToken: await challengeFor(user), recoveryCode: renewed[0] })).status,
      ).toBe(200);
    });

    it('renews only for a right code (403), and only when on (409)', async () => {
      const { user, authenticator } = await enrolled();
      const refused = await t.http
        .post('/api/v1/account/mfa/recovery-codes')
        .set(user.auth)
        .send({ code: authenticator.lastCode() });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('IDENTITY.MFA_CODE_INVALID');
      const stranger = await signUp(t.http);
      const off = await t.http
        .post('/api/v1/account/mfa/recovery-codes')
        .set(stranger.auth)
        .send({ code: '123456' });
      expect(off.status).toBe(409);
      expect(off.body.code).toBe('IDENTITY.MFA_NOT_ENABLED');
    });
  });

  describe('SecondFactor, for other flows of identity (account deletion)', () => {
    it('knows who is enrolled, verifies once per code and erases everything', async () => {
      const secondFactor = t.app.get(SecondFactor);
      const { user, authenticator, recoveryCodes } = await enrolled();
      const plain = await signUp(t.http);
      expect(await secondFactor.isEnrolled(user.id)).toBe(true);
      expect(await secondFactor.isEnrolled(plain.id)).toBe(false);

      await expect(secondFactor.verify(user.id, { code: authenticator.lastCode() })).rejects.toMatchObject({
        code: 'IDENTITY.MFA_CODE_INVALID',
        kind: 'forbidden',
      });
      await expect(secondFactor.verify(user.id, { recoveryCode: recoveryCodes[0] })).resolves.toBeUndefined();
      await expect(secondFactor.verify(user.id, { recoveryCode: recoveryCodes[0] })).rejects.toMatchObject({
        code: 'IDENTITY.MFA_CODE_INVALID',
      });
      await expect(secondFactor.verify(plain.id, { code: '123456' })).rejects.toMatchObject({
        code: 'IDENTITY.MFA_NOT_ENABLED',
      });

      await challengeFor(user);
      await t.db.transaction((manager) => secondFactor.eraseFor(manager, user.id));
      for (const table of ['mfa_totp', 'mfa_recovery_codes', 'mfa_challenges'])
        expect(await t.db.query(`SELECT 1 FROM identity.${table} WHERE user_id = $1`, [user.id])).toEqual([]);
    });
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
