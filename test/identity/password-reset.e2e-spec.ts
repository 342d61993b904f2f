import { randomBytes } from 'node:crypto';
import { deliverMail, linkIn, mailTo, sentTo, smtpEnv, tokenHash } from '../support/account-mail';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp, uniqueEmail } from '../support/identity.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const RESET_SUBJECT = 'Reset your password';
const CHANGED_SUBJECT = 'Your password was changed';
const NEW_PASSWORD = 'brand-New-Horse-77';
/** Per address; per IP it is five times that, enough for every request of this file. */
const PER_HOUR = 4;

describe('identity: password reset and password change', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({ ...smtpEnv(smtp), ACCOUNT_EMAIL_RATE_LIMIT_PER_HOUR: String(PER_HOUR) });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const requestReset = (email: string) => t.http.post('/api/v1/auth/password-reset').send({ email });
  const confirmReset = (token: string, newPassword = NEW_PASSWORD) =>
    t.http.post('/api/v1/auth/password-reset/confirm').send({ token, newPassword });
  const login = (email: string, password: string) =>
    t.http.post('/api/v1/auth/login').send({ email, password });
  const refresh = (refreshToken: string) => t.http.post('/api/v1/auth/refresh').send({ refreshToken });
  const passwordHash = async (id: string) =>
    (await t.db.query('SELECT password_hash FROM identity.users WHERE id = $1', [id]))[0].password_hash;
  const tokenRow = async (token: string) =>
    (
      await t.db.query(
        'SELECT purpose, used_at, expires_at FROM identity.account_tokens WHERE token_hash = $1',
        [tokenHash(token)],
      )
    )[0];
  const resetTokenOf = async (user: SignedUpUser) => {
    expect((await requestReset(user.email)).status).toBe(202);
    return linkIn(await mailTo(t, smtp, user.email, RESET_SUBJECT), 'reset-password').token;
  };

  describe('POST /auth/password-reset', () => {
    it('answers 202 with the same body for a known and an unknown address; only the known one gets mail', async () => {
      const user = await signUp(t.http);
      const unknown = uniqueEmail('nobody');
      const known = await requestReset(user.email.toUpperCase());
      const missing = await requestReset(unknown);
      expect(known.status).toBe(202);
      expect(missing.status).toBe(202);
      expect(missing.body).toEqual(known.body);
      expect(missing.headers['content-type']).toBe(known.headers['content-type']);
      // The request path is the same for both: one sealed event each, the lookup comes after.
      const requested: { payload: unknown }[] = await t.db.query(
        `SELECT payload FROM identity.outbox_events WHERE type = 'identity.PasswordResetRequested'`,
      );
      expect(requested).toHaveLength(2);
      const payloads = JSON.stringify(requested);
      expect(payloads).not.toContain(user.email);
      expect(payloads).not.toContain(unknown);

      const mail = await mailTo(t, smtp, user.email, RESET_SUBJECT);
      const { link, token } = linkIn(mail, 'reset-password');
      expect(link).toBe(`https://app.onesociety.test/reset-password?token=${token}`);
      const row = await tokenRow(token);
      expect(row).toMatchObject({ purpose: 'password_reset', used_at: null });
      // About an hour (PASSWORD_RESET_TTL_MINUTES).
      const minutesLeft = (row.expires_at.getTime() - Date.now()) / 60_000;
      expect(minutesLeft).toBeGreaterThan(59);
      expect(minutesLeft).toBeLessThanOrEqual(60);

      await deliverMail(t);
      expect(sentTo(smtp, unknown)).toHaveLength(0);
      const mailRows = await t.db.query(`SELECT count(*)::int AS n FROM mail.messages WHERE user_id IS NULL`);
      expect(mailRows).toEqual([{ n: 0 }]);
      const keys: { key: string }[] = await t.db.query('SELECT key FROM platform.rate_limits');
      expect(keys.some((k) => k.key.includes(unknown) || k.key.includes(user.email))).toBe(false);
    });

    it('sends nothing to a suspended account, with the same answer', async () => {
      const user = await signUp(t.http);
      await t.db.query(`UPDATE identity.users SET status = 'suspended' WHERE id = $1`, [user.id]);
      const res = await requestReset(user.email);
      expect(res.status).toBe(202);
      await deliverMail(t);
      expect(sentTo(smtp, user.email).filter((m) => m.subject === RESET_SUBJECT)).toHaveLength(0);
      const tokens = await t.db.query(
        `SELECT 1 FROM identity.account_tokens WHERE user_id = $1 AND purpose = 'password_reset'`,
        [user.id],
      );
      expect(tokens).toHaveLength(0);
    });

    it('limits requests per address: 429 with Retry-After, known or not', async () => {
      for (const email of [(await signUp(t.http)).email, uniqueEmail('ghost')]) {
        for (let i = 0; i < PER_HOUR; i++) expect((await requestReset(email)).status).toBe(202);
        const limited = await requestReset(email);
        expect(limited.status).toBe(429);
        expect(limited.body.code).toBe('RATE_LIMITED');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      }
    });

    it('refuses an invalid address with 422', async () => {
      const res = await requestReset('not-an-email');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('VALIDATION.FAILED');
    });
  });

  describe('POST /auth/password-reset/confirm', () => {
    it('sets the new password, ends every session, spends the token and tells the owner', async () => {
      const user = await signUp(t.http, { fullName: 'Alan Turing' });
      const otherSession = (await login(user.email, user.password)).body.refreshToken as string;
      const token = await resetTokenOf(user);
      const before = await passwordHash(user.id);

      const res = await confirmReset(token);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(await passwordHash(user.id)).not.toBe(before);
      expect((await tokenRow(token)).used_at).toBeInstanceOf(Date);
      const live = await t.db.query(
        'SELECT count(*)::int AS n FROM identity.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [user.id],
      );
      expect(live).toEqual([{ n: 0 }]);

      for (const old of [user.refreshToken, otherSession]) {
        const refused = await refresh(old);
        expect(refused.status).toBe(401);
      }
      expect((await login(user.email, user.password)).status).toBe(401);
      expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);

      const notice = await mailTo(t, smtp, user.email, CHANGED_SUBJECT);
      expect(notice.text).toContain('Hello Alan,');
      expect(notice.text).not.toContain('token=');
      // The link proved the address too.
      const [row] = await t.db.query('SELECT email_verified_at FROM identity.users WHERE id = $1', [user.id]);
      expect(row.email_verified_at).toBeInstanceOf(Date);
    });

    it('answers a second use 410 IDENTITY.TOKEN_USED, leaving the password as the first use set it', async () => {
      const user = await signUp(t.http);
      const token = await resetTokenOf(user);
      expect((await confirmReset(token)).status).toBe(204);
      const after = await passwordHash(user.id);
      const again = await confirmReset(token, 'yet-Another-Pass-9');
      expect(again.status).toBe(410);
      expect(again.body.code).toBe('IDENTITY.TOKEN_USED');
      expect(await passwordHash(user.id)).toBe(after);
    });

    it('lets exactly one of two simultaneous confirmations set its password', async () => {
      const user = await signUp(t.http);
      const token = await resetTokenOf(user);
      const [first, second] = await Promise.all([
        confirmReset(token, 'first-Choice-111'),
        confirmReset(token, 'second-Choice-222'),
      ]);
      expect([first.status, second.status].sort()).toEqual([204, 410]);
      const winner = first.status === 204 ? 'first-Choice-111' : 'second-Choice-222';
      const loser = first.status === 204 ? 'second-Choice-222' : 'first-Choice-111';
      expect((await login(user.email, winner)).status).toBe(200);
      expect((await login(user.email, loser)).status).toBe(401);
    });

    it('refuses an expired link (410), an unknown one (400), a verification token (400) and a malformed one (422)', async () => {
      const user = await signUp(t.http);
      const before = await passwordHash(user.id);
      const token = await resetTokenOf(user);
      await t.db.query(
        `UPDATE identity.account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
        [tokenHash(token)],
      );
      const expired = await confirmReset(token);
      expect(expired.status).toBe(410);
      expect(expired.body.code).toBe('IDENTITY.TOKEN_EXPIRED');

      const unknown = await confirmReset(randomBytes(32).toString('base64url'));
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('IDENTITY.TOKEN_INVALID');

      const verification = linkIn(
        await mailTo(t, smtp, user.email, 'Confirm your email address'),
        'verify-email',
      );
      const wrongPurpose = await confirmReset(verification.token);
      expect(wrongPurpose.status).toBe(400);
      expect(wrongPurpose.body.code).toBe('IDENTITY.TOKEN_INVALID');
      expect((await tokenRow(verification.token)).used_at).toBeNull();

      const malformed = await confirmReset('x'.repeat(10));
      expect(malformed.status).toBe(422);
      expect(malformed.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'token' })]),
      );

      expect(await passwordHash(user.id)).toBe(before);
      expect((await tokenRow(token)).used_at).toBeNull();
      expect((await refresh(user.refreshToken)).status).toBe(200);
    });

    it('refuses a weak new password with 422 and changes nothing: token unspent, sessions alive', async () => {
      const user = await signUp(t.http);
      const token = await resetTokenOf(user);
      const before = await passwordHash(user.id);
      const res = await confirmReset(token, 'short1');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IDENTITY.WEAK_PASSWORD');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([{ field: 'newPassword', message: expect.stringContaining('at least 10') }]),
      );
      expect(await passwordHash(user.id)).toBe(before);
      expect((await tokenRow(token)).used_at).toBeNull();
      expect((await refresh(user.refreshToken)).status).toBe(200);
      expect((await confirmReset(token)).status).toBe(204);
    });
  });

  describe('PUT /account/password', () => {
    const change = (user: SignedUpUser, currentPassword: string, newPassword = NEW_PASSWORD) =>
      t.http.put('/api/v1/account/password').set(user.auth).send({ currentPassword, newPassword });

    it('keeps the calling session, ends the others, and tells the owner', async () => {
      const user = await signUp(t.http);
      const other = await login(user.email, user.password);
      const before = await passwordHash(user.id);

      const res = await change(user, user.password);
      expect(res.status).toBe(204);
      expect(await passwordHash(user.id)).not.toBe(before);

      expect((await refresh(other.body.refreshToken)).status).toBe(401);
      const kept = await refresh(user.refreshToken);
      expect(kept.status).toBe(200);
      expect((await t.http.get('/api/v1/auth/profile').set(user.auth)).status).toBe(200);
      const [sessions] = await t.db.query(
        `SELECT count(DISTINCT family_id) FILTER (WHERE revoked_at IS NOT NULL)::int AS ended,
                count(DISTINCT family_id) FILTER (WHERE revoked_at IS NULL)::int AS alive
         FROM identity.refresh_tokens WHERE user_id = $1`,
        [user.id],
      );
      expect(sessions).toEqual({ ended: 1, alive: 1 });

      expect((await login(user.email, user.password)).status).toBe(401);
      expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
      await mailTo(t, smtp, user.email, CHANGED_SUBJECT);
    });

    it('refuses a wrong current password with 403 IDENTITY.CURRENT_PASSWORD_WRONG, changing nothing', async () => {
      const user = await signUp(t.http);
      const other = await login(user.email, user.password);
      const before = await passwordHash(user.id);
      const res = await change(user, 'wrong-Password-1');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('IDENTITY.CURRENT_PASSWORD_WRONG');
      expect(await passwordHash(user.id)).toBe(before);
      expect((await refresh(other.body.refreshToken)).status).toBe(200);
      await deliverMail(t);
      expect(sentTo(smtp, user.email).filter((m) => m.subject === CHANGED_SUBJECT)).toHaveLength(0);
    });

    it('refuses a weak new password (422) and needs a token (401)', async () => {
      const user = await signUp(t.http);
      const before = await passwordHash(user.id);
      const weak = await change(user, user.password, 'abcdefghijkl');
      expect(weak.status).toBe(422);
      expect(weak.body.code).toBe('IDENTITY.WEAK_PASSWORD');
      expect(await passwordHash(user.id)).toBe(before);
      const missing = await t.http
        .put('/api/v1/account/password')
        .send({ currentPassword: 'x', newPassword: NEW_PASSWORD });
      expect(missing.status).toBe(401);
    });
  });
});

describe('identity: password reset requests per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ACCOUNT_EMAIL_RATE_LIMIT_PER_HOUR: '2' });
  });
  afterAll(() => t.close());

  it('allows five times the per-account limit from one IP, across addresses, then 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await t.http.post('/api/v1/auth/password-reset').send({ email: uniqueEmail() })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(statuses[10]).toBe(429);
  });
});
