import { deliverMail, linkIn, mailTo, smtpEnv } from '../support/account-mail';
import { uniqueEmail } from '../support/identity.factory';
import { LogCapture } from '../support/log-capture';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { createTestApp, type TestApp } from '../support/test-app';
import { TestAuthenticator } from '../support/totp';

/**
 * The account flows put secrets in flight: links with single-use tokens, TOTP seeds, recovery
 * codes, sign-in challenges, new passwords. None of them may reach a log line, not even when a
 * send fails and the mail path logs why.
 */
describe('identity: no secret of the account flows in the logs', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  const logs = new LogCapture();
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({ ...smtpEnv(smtp), LOG_LEVEL: 'debug' }, { logDestination: logs });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('logs the requests of signup, verification, reset, TOTP and sign-in without their secrets', async () => {
    const email = uniqueEmail('logs');
    const password = 'correct-Horse-42';
    const newPassword = 'another-Horse-43';
    const signup = await t.http.post('/api/v1/auth/signup').send({ email, password, fullName: 'Log Person' });
    expect(signup.status).toBe(201);
    smtp.failNext(1); // the first send is refused: the dispatcher logs the failure...
    await deliverMail(t);
    // ...and backs off; the retry is brought forward rather than waited for.
    await t.db.query(`UPDATE mail.messages SET next_attempt_at = now() WHERE status = 'pending'`);
    const verification = linkIn(await mailTo(t, smtp, email, /.+/), 'verify-email');
    expect(
      (await t.http.post('/api/v1/auth/email-verification').send({ token: verification.token })).status,
    ).toBe(200);

    expect((await t.http.post('/api/v1/auth/password-reset').send({ email })).status).toBe(202);
    const reset = linkIn(await mailTo(t, smtp, email, /.+/), 'reset-password');
    const confirmed = await t.http
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token: reset.token, newPassword });
    expect(confirmed.status).toBe(204);

    const login = await t.http.post('/api/v1/auth/login').send({ email, password: newPassword });
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const enrol = await t.http.post('/api/v1/account/mfa/totp').set(auth).send({ password: newPassword });
    expect(enrol.status).toBe(201);
    const authenticator = new TestAuthenticator(enrol.body.secret);
    const on = await t.http
      .post('/api/v1/account/mfa/totp/confirm')
      .set(auth)
      .send({ code: authenticator.nextCode() });
    expect(on.status).toBe(200);
    const challenge = await t.http.post('/api/v1/auth/login').send({ email, password: newPassword });
    expect(challenge.status).toBe(202);
    const completed = await t.http
      .post('/api/v1/auth/login/mfa')
      .send({ challengeToken: challenge.body.challengeToken, recoveryCode: on.body.recoveryCodes[0] });
    expect(completed.status).toBe(200);

    expect(logs.lines.length).toBeGreaterThan(10);
    const text = logs.text();
    expect(text).toMatch(/mail|smtp/i); // the refused send was logged...
    for (const secret of [
      email, // ...without the address
      password,
      newPassword,
      verification.token,
      reset.token,
      enrol.body.secret,
      ...on.body.recoveryCodes,
      challenge.body.challengeToken,
      login.body.accessToken,
      login.body.refreshToken,
      completed.body.refreshToken,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
