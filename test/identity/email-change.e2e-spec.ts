import { deliverMail, linkIn, mailTo, sentTo, smtpEnv, tokenHash } from '../support/account-mail';
import { signUp, uniqueEmail } from '../support/identity.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

describe('identity: changing the email address', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp(smtpEnv(smtp));
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const tokenRow = async (token: string) =>
    (
      await t.db.query(
        'SELECT user_id, purpose, new_email, used_at FROM identity.account_tokens WHERE token_hash = $1',
        [tokenHash(token)],
      )
    )[0];
  const userRow = async (id: string) =>
    (await t.db.query('SELECT email, email_verified_at FROM identity.users WHERE id = $1', [id]))[0];
  const verify = (token: string) => t.http.post('/api/v1/auth/email-verification').send({ token });

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

  it.each(['reset', 'change'] as const)(
    'ends a pending email change after a password %s: its link no longer takes the account',
    async (how) => {
      // Someone who knew the password asks to move the account to their own address...
      const user = await signUp(t.http);
      const theirs = uniqueEmail('taker');
      await t.http
        .post('/api/v1/account/email')
        .set(user.auth)
        .send({ newEmail: theirs, password: user.password })
        .expect(202);
      const { token } = linkIn(await mailTo(t, smtp, theirs, CONFIRM_SUBJECT), 'verify-email');
      // ...and the owner, warned by the notice, resets or changes the password.
      const newPassword = 'fresh-Horse-77';
      if (how === 'change') {
        await t.http
          .put('/api/v1/account/password')
          .set(user.auth)
          .send({ currentPassword: user.password, newPassword })
          .expect(204);
      } else {
        await t.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
        const reset = linkIn(await mailTo(t, smtp, user.email, 'Reset your password'), 'reset-password');
        await t.http
          .post('/api/v1/auth/password-reset/confirm')
          .send({ token: reset.token, newPassword })
          .expect(204);
      }
      const late = await verify(token);
      expect(late.status).toBe(400);
      expect(late.body.code).toBe('IDENTITY.TOKEN_INVALID');
      expect((await userRow(user.id)).email).toBe(user.email);
    },
  );

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
      (await t.http.post('/api/v1/account/email').set(user.auth).send({ newEmail, password: user.password }))
        .status,
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
