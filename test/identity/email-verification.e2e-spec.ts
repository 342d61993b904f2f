import { randomBytes } from 'node:crypto';
import { linkIn, mailTo, sentTo, smtpEnv, tokenHash, deliverMail } from '../support/account-mail';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp, uniqueEmail } from '../support/identity.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const VERIFY_SUBJECT = 'Confirm your email address';

describe('identity: email verification', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({
      ...smtpEnv(smtp),
      ACCOUNT_EMAIL_RATE_LIMIT_PER_HOUR: '3',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const tokenRow = async (token: string) =>
    (
      await t.db.query(
        'SELECT user_id, purpose, new_email, used_at, expires_at FROM identity.account_tokens WHERE token_hash = $1',
        [tokenHash(token)],
      )
    )[0];
  const userRow = async (id: string) =>
    (await t.db.query('SELECT email, email_verified_at FROM identity.users WHERE id = $1', [id]))[0];
  const verify = (token: string) => t.http.post('/api/v1/auth/email-verification').send({ token });
  const verificationOf = async (user: SignedUpUser) =>
    linkIn(await mailTo(t, smtp, user.email, VERIFY_SUBJECT), 'verify-email').token;

  describe('signup and the verification link', () => {
    it('emails a link at signup; following it verifies the address and spends the token', async () => {
      const user = await signUp(t.http, { fullName: 'Grace Hopper' });
      const profile = await t.http.get('/api/v1/auth/profile').set(user.auth);
      expect(profile.body).toMatchObject({ email: user.email, emailVerified: false, locale: 'en' });

      const mail = await mailTo(t, smtp, user.email, VERIFY_SUBJECT);
      expect(mail.text).toContain('Hello Grace,');
      const { link, token } = linkIn(mail, 'verify-email');
      expect(link).toBe(`https://app.onesociety.test/verify-email?token=${token}`);
      expect(mail.html).toContain('Confirm my email address');
      const stored = await tokenRow(token);
      expect(stored).toMatchObject({
        user_id: user.id,
        purpose: 'verify_email',
        new_email: null,
        used_at: null,
      });
      // About 48 hours (EMAIL_VERIFICATION_TTL_HOURS).
      const hoursLeft = (stored.expires_at.getTime() - Date.now()) / 3_600_000;
      expect(hoursLeft).toBeGreaterThan(47.9);
      expect(hoursLeft).toBeLessThanOrEqual(48);
      expect(JSON.stringify(await t.db.query('SELECT * FROM identity.account_tokens'))).not.toContain(token);

      const res = await verify(token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, email: user.email, emailVerified: true });
      expect((await t.http.get('/api/v1/auth/profile').set(user.auth)).body.emailVerified).toBe(true);
      expect((await userRow(user.id)).email_verified_at).toBeInstanceOf(Date);
      expect((await tokenRow(token)).used_at).toBeInstanceOf(Date);
    });

    it('answers a second click 410 IDENTITY.TOKEN_USED and changes nothing', async () => {
      const user = await signUp(t.http);
      const token = await verificationOf(user);
      expect((await verify(token)).status).toBe(200);
      const before = await userRow(user.id);
      const usedAt = (await tokenRow(token)).used_at;
      const again = await verify(token);
      expect(again.status).toBe(410);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(again.body).toMatchObject({ status: 410, code: 'IDENTITY.TOKEN_USED' });
      expect(await userRow(user.id)).toEqual(before);
      expect((await tokenRow(token)).used_at).toEqual(usedAt);
    });

    it('lets exactly one of two simultaneous clicks spend the token', async () => {
      const user = await signUp(t.http);
      const token = await verificationOf(user);
      const statuses = (await Promise.all([verify(token), verify(token), verify(token)])).map(
        (r) => r.status,
      );
      expect(statuses.sort()).toEqual([200, 410, 410]);
      expect((await userRow(user.id)).email_verified_at).toBeInstanceOf(Date);
    });

    it('refuses an expired link with 410 IDENTITY.TOKEN_EXPIRED, leaving the address unverified', async () => {
      const user = await signUp(t.http);
      const token = await verificationOf(user);
      await t.db.query(
        `UPDATE identity.account_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`,
        [tokenHash(token)],
      );
      const res = await verify(token);
      expect(res.status).toBe(410);
      expect(res.body.code).toBe('IDENTITY.TOKEN_EXPIRED');
      expect((await userRow(user.id)).email_verified_at).toBeNull();
      expect((await tokenRow(token)).used_at).toBeNull();
    });

    it('refuses an unknown token 400 IDENTITY.TOKEN_INVALID and a malformed one 422', async () => {
      const unknown = await verify(randomBytes(32).toString('base64url'));
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ status: 400, code: 'IDENTITY.TOKEN_INVALID' });
      for (const token of [
        'short',
        `${randomBytes(32).toString('base64url')}x`,
        'a'.repeat(42) + '=',
        42,
        null,
      ]) {
        const res = await verify(token as string);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('VALIDATION.FAILED');
        expect(res.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field: 'token' })]),
        );
      }
    });

    it('refuses a password-reset token on the verification route (400) and spends neither', async () => {
      const user = await signUp(t.http);
      expect((await t.http.post('/api/v1/auth/password-reset').send({ email: user.email })).status).toBe(202);
      const reset = linkIn(await mailTo(t, smtp, user.email, 'Reset your password'), 'reset-password').token;
      const res = await verify(reset);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IDENTITY.TOKEN_INVALID');
      expect((await tokenRow(reset)).used_at).toBeNull();
      expect((await userRow(user.id)).email_verified_at).toBeNull();
    });

    it('writes to a French speaker in French', async () => {
      const email = uniqueEmail('zoe');
      const res = await t.http
        .post('/api/v1/auth/signup')
        .send({ email, password: 'correct-Horse-42', fullName: 'Zoé Martin', locale: 'fr' });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ locale: 'fr', emailVerified: false });
      const mail = await mailTo(t, smtp, email, 'Confirmez votre adresse e-mail');
      expect(mail.text).toContain('Bonjour Zoé,');
      expect(mail.html).toMatch(/<html lang="fr">/);
      const [row] = await t.db.query('SELECT locale FROM identity.profiles WHERE user_id = $1', [
        res.body.user.id,
      ]);
      expect(row.locale).toBe('fr');
    });

    it('refuses a locale it has no templates for (422), at signup and on the profile', async () => {
      const email = uniqueEmail();
      const signup = await t.http
        .post('/api/v1/auth/signup')
        .send({ email, password: 'correct-Horse-42', fullName: 'Hans', locale: 'de' });
      expect(signup.status).toBe(422);
      expect(await t.db.query('SELECT 1 FROM identity.users WHERE email = $1', [email])).toHaveLength(0);
      const user = await signUp(t.http);
      for (const locale of ['de', null, 7]) {
        const res = await t.http.put('/api/v1/auth/profile').set(user.auth).send({ locale });
        expect(res.status).toBe(422);
      }
      const changed = await t.http.put('/api/v1/auth/profile').set(user.auth).send({ locale: 'fr' });
      expect(changed.status).toBe(200);
      expect(changed.body.locale).toBe('fr');
      const [row] = await t.db.query('SELECT locale FROM identity.profiles WHERE user_id = $1', [user.id]);
      expect(row.locale).toBe('fr');
    });
  });

  describe('POST /account/email-verification (re-send)', () => {
    it('sends a new link and retires the old one (400 TOKEN_INVALID); the new one verifies', async () => {
      const user = await signUp(t.http);
      const first = await verificationOf(user);
      const res = await t.http.post('/api/v1/account/email-verification').set(user.auth);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ message: expect.any(String) });
      await deliverMail(t);
      await smtp.waitFor((m) => m.to === user.email && sentTo(smtp, user.email).length === 2);
      const second = await verificationOf(user);
      expect(second).not.toBe(first);
      expect(await tokenRow(first)).toBeUndefined();
      const live = await t.db.query(
        `SELECT count(*)::int AS n FROM identity.account_tokens WHERE user_id = $1 AND used_at IS NULL`,
        [user.id],
      );
      expect(live).toEqual([{ n: 1 }]);
      expect((await verify(first)).body.code).toBe('IDENTITY.TOKEN_INVALID');
      expect((await verify(second)).status).toBe(200);
    });

    it('answers 409 IDENTITY.EMAIL_ALREADY_VERIFIED once verified, sending nothing', async () => {
      const user = await signUp(t.http);
      expect((await verify(await verificationOf(user))).status).toBe(200);
      const res = await t.http.post('/api/v1/account/email-verification').set(user.auth);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('IDENTITY.EMAIL_ALREADY_VERIFIED');
      await deliverMail(t);
      expect(sentTo(smtp, user.email)).toHaveLength(1);
    });

    it('limits re-sends per account: 429 with Retry-After after ACCOUNT_EMAIL_RATE_LIMIT_PER_HOUR', async () => {
      const user = await signUp(t.http);
      for (let i = 0; i < 3; i++) {
        expect((await t.http.post('/api/v1/account/email-verification').set(user.auth)).status).toBe(202);
      }
      const limited = await t.http.post('/api/v1/account/email-verification').set(user.auth);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await deliverMail(t);
      expect(sentTo(smtp, user.email)).toHaveLength(4); // signup + 3 re-sends
      const keys: { key: string }[] = await t.db.query('SELECT key FROM platform.rate_limits');
      expect(keys.map((k) => k.key)).toContain(`email-verification:user:${user.id}`);
    });

    it('needs an access token (401)', async () => {
      expect((await t.http.post('/api/v1/account/email-verification')).status).toBe(401);
    });
  });
});
