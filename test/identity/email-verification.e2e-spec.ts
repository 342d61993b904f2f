import { randomBytes } from 'node:crypto';
import { runSeeds } from '../../seeds';
import { createProduct, productBody } from '../support/catalog.factory';
import { linkIn, mailTo, sentTo, smtpEnv, tokenHash, deliverMail } from '../support/account-mail';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp, uniqueEmail } from '../support/identity.factory';
import { utcDay } from '../support/rental.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const VERIFY_SUBJECT = 'Confirm your email address';

describe('identity: email verification and email change', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({
      ...smtpEnv(smtp),
      IDENTITY_REQUIRE_VERIFIED_EMAIL: 'true',
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

  describe('the unverified rule (IDENTITY_REQUIRE_VERIFIED_EMAIL)', () => {
    const verifyBySql = (user: SignedUpUser) =>
      t.db.query('UPDATE identity.users SET email_verified_at = now() WHERE id = $1', [user.id]);

    it('lets an unverified owner keep drafts but not publish, at creation or later; verified, they can', async () => {
      const verifiedOwner = await signUp(t.http);
      await verifyBySql(verifiedOwner);
      const categoryId = (await createProduct(t, verifiedOwner)).category.id;
      const owner = await signUp(t.http);

      const active = await t.http.post('/api/v1/products').set(owner.auth).send(productBody(categoryId));
      expect(active.status).toBe(403);
      expect(active.body).toMatchObject({
        status: 403,
        code: 'IDENTITY.EMAIL_NOT_VERIFIED',
        resend: '/api/v1/account/email-verification',
      });
      const draft = await t.http
        .post('/api/v1/products')
        .set(owner.auth)
        .send(productBody(categoryId, { status: 'draft' }));
      expect(draft.status).toBe(201);
      const activate = await t.http
        .put(`/api/v1/products/${draft.body.id}`)
        .set(owner.auth)
        .send({ status: 'active' });
      expect(activate.status).toBe(403);
      expect(activate.body.code).toBe('IDENTITY.EMAIL_NOT_VERIFIED');
      const owned = await t.db.query('SELECT status, listed_at FROM catalog.products WHERE owner_id = $1', [
        owner.id,
      ]);
      expect(owned).toEqual([{ status: 'draft', listed_at: null }]);

      expect((await verify(await verificationOf(owner))).status).toBe(200);
      const now = await t.http
        .put(`/api/v1/products/${draft.body.id}`)
        .set(owner.auth)
        .send({ status: 'active' });
      expect(now.status).toBe(200);
      expect(now.body.status).toBe('active');
    });

    it('seeds demo users verified, so the demo owners and admin are not held back by the rule', async () => {
      await runSeeds(t.db, { bcryptCost: 4 });
      const rows: { unverified: number; demo: number }[] = await t.db.query(
        `SELECT count(*) FILTER (WHERE email_verified_at IS NULL)::int AS unverified, count(*)::int AS demo
         FROM identity.users WHERE email LIKE '%onesociety.local'`,
      );
      expect(rows[0].demo).toBeGreaterThan(1);
      expect(rows[0].unverified).toBe(0);
    });

    it('lets an unverified renter browse but not request a rental; verified, they can', async () => {
      const owner = await signUp(t.http);
      await verifyBySql(owner);
      const product = await createProduct(t, owner);
      const renter = await signUp(t.http);
      expect((await t.http.get(`/api/v1/products/${product.id}`).set(renter.auth)).status).toBe(200);
      const stay = { productId: product.id, startDate: utcDay(2), endDate: utcDay(5) };

      const refused = await t.http.post('/api/v1/rentals').set(renter.auth).send(stay);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        code: 'IDENTITY.EMAIL_NOT_VERIFIED',
        resend: '/api/v1/account/email-verification',
      });
      expect(await t.db.query('SELECT 1 FROM rental.rentals WHERE renter_id = $1', [renter.id])).toHaveLength(
        0,
      );

      expect((await verify(await verificationOf(renter))).status).toBe(200);
      const booked = await t.http.post('/api/v1/rentals').set(renter.auth).send(stay);
      expect(booked.status).toBe(201);
      expect(await t.db.query('SELECT 1 FROM rental.rentals WHERE renter_id = $1', [renter.id])).toHaveLength(
        1,
      );
    });
  });

  describe('changing the email address', () => {
    const CONFIRM_SUBJECT = 'Confirm your new email address';

    it('mails both addresses, keeps the old one until confirmed, then switches and tells the old one', async () => {
      const user = await signUp(t.http, { fullName: 'Ada Lovelace' });
      const newEmail = uniqueEmail('ada-new');
      const res = await t.http
        .post('/api/v1/account/email')
        .set(user.auth)
        .send({ newEmail: newEmail.toUpperCase(), password: user.password });
      expect(res.status).toBe(202);

      const confirm = await mailTo(t, smtp, newEmail, CONFIRM_SUBJECT);
      expect(confirm.text).toContain(newEmail);
      const notice = await mailTo(t, smtp, user.email, 'A change of your email address was requested');
      expect(notice.text).toContain(newEmail);
      expect(notice.text).not.toContain('token=');
      const { token } = linkIn(confirm, 'verify-email');
      expect(await tokenRow(token)).toMatchObject({
        purpose: 'change_email',
        new_email: newEmail,
        used_at: null,
      });

      // Until confirmed, nothing changed: the old address still signs in, the new one does not.
      expect((await userRow(user.id)).email).toBe(user.email);
      const login = (email: string) =>
        t.http.post('/api/v1/auth/login').send({ email, password: user.password });
      expect((await login(user.email)).status).toBe(200);
      expect((await login(newEmail)).status).toBe(401);

      const confirmed = await verify(token);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ email: newEmail, emailVerified: true });
      const row = await userRow(user.id);
      expect(row.email).toBe(newEmail);
      expect(row.email_verified_at).toBeInstanceOf(Date);
      expect((await tokenRow(token)).used_at).toBeInstanceOf(Date);
      // The signup's verification link was for the old address: it no longer vouches for anything.
      const pending = await t.db.query(
        `SELECT purpose FROM identity.account_tokens WHERE user_id = $1 AND used_at IS NULL`,
        [user.id],
      );
      expect(pending).toEqual([]);

      const changed = await mailTo(t, smtp, user.email, 'Your email address was changed');
      expect(changed.text).toContain(newEmail);
      expect((await login(newEmail)).status).toBe(200);
      expect((await login(user.email)).status).toBe(401);
      expect((await verify(token)).body.code).toBe('IDENTITY.TOKEN_USED');
    });

    it('refuses a wrong password with 403 IDENTITY.CURRENT_PASSWORD_WRONG, sending nothing', async () => {
      const user = await signUp(t.http);
      const newEmail = uniqueEmail();
      const res = await t.http
        .post('/api/v1/account/email')
        .set(user.auth)
        .send({ newEmail, password: 'not-the-Password-1' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('IDENTITY.CURRENT_PASSWORD_WRONG');
      await deliverMail(t);
      expect(sentTo(smtp, newEmail)).toHaveLength(0);
      const tokens = await t.db.query(
        `SELECT 1 FROM identity.account_tokens WHERE user_id = $1 AND purpose = 'change_email'`,
        [user.id],
      );
      expect(tokens).toHaveLength(0);
    });

    it('refuses the current address (422) and an invalid one (422)', async () => {
      const user = await signUp(t.http);
      const same = await t.http
        .post('/api/v1/account/email')
        .set(user.auth)
        .send({ newEmail: user.email.toUpperCase(), password: user.password });
      expect(same.status).toBe(422);
      expect(same.body.code).toBe('IDENTITY.EMAIL_UNCHANGED');
      const invalid = await t.http
        .post('/api/v1/account/email')
        .set(user.auth)
        .send({ newEmail: 'not-an-email', password: user.password });
      expect(invalid.status).toBe(422);
      expect(invalid.body.code).toBe('VALIDATION.FAILED');
    });

    it('answers 409 IDENTITY.EMAIL_TAKEN when another account took the address before the click', async () => {
      const user = await signUp(t.http);
      const newEmail = uniqueEmail('contested');
      expect(
        (
          await t.http
            .post('/api/v1/account/email')
            .set(user.auth)
            .send({ newEmail, password: user.password })
        ).status,
      ).toBe(202);
      const { token } = linkIn(await mailTo(t, smtp, newEmail, CONFIRM_SUBJECT), 'verify-email');
      await signUp(t.http, { email: newEmail });
      const res = await verify(token);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('IDENTITY.EMAIL_TAKEN');
      expect((await userRow(user.id)).email).toBe(user.email);
      expect((await tokenRow(token)).used_at).toBeNull();
    });
  });
});
