import { createHash } from 'node:crypto';
import { SecondFactor } from '../../src/modules/identity/application/second-factor';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { signUp } from '../support/identity.factory';
import { mfaClient } from '../support/mfa.factory';
import { hotp, totpCode, totpStep } from '../support/totp';

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

  const { enrol, enrolled, login, challengeFor, complete, totpRow } = mfaClient(() => t);

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
