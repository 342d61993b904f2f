import { createOneSocietyClient, type OneSocietyClient } from '../../clients/typescript/src';
import { deliverMail, linkIn, mailTo, smtpEnv } from '../support/account-mail';
import { createCategory } from '../support/catalog.factory';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { createTestApp, type TestApp } from '../support/test-app';
import { TestAuthenticator } from '../support/totp';
import { conformanceMiddleware } from '../support/contract-fetch';

/**
 * An account's whole life through the generated TypeScript client, over real HTTP, with its email
 * read from a real SMTP server: sign up, verify the address from the email's link, forget the
 * password and reset it, turn on TOTP, sign in with a code, take the data out, erase the account.
 */
describe('account journey through the typed client', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let baseUrl: string;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({ ...smtpEnv(smtp), IDENTITY_REQUIRE_VERIFIED_EMAIL: 'true' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('runs from signup to erasure', async () => {
    const session: { token?: string } = {};
    const api: OneSocietyClient = await createOneSocietyClient({ baseUrl, accessToken: () => session.token });
    api.use(conformanceMiddleware);
    const email = `journey-${Date.now()}@example.com`;
    let password = 'correct-Horse-42';

    const signedUp = await api.POST('/api/v1/auth/signup', {
      body: { email, password, fullName: 'Inès Journey', locale: 'fr' },
    });
    expect(signedUp.response.status).toBe(201);
    expect(signedUp.data!.user).toMatchObject({ emailVerified: false, locale: 'fr', mfaEnabled: false });
    session.token = signedUp.data!.accessToken;

    // Unverified: browsing is fine, publishing a listing is not.
    const category = await createCategory(t, { name: `Journey ${Date.now()}` });
    const listing = {
      title: 'Camping tent for four',
      description: 'Quechua, used twice, with pegs and a groundsheet.',
      categoryId: category.id,
      condition: 'good' as const,
      address: { city: 'Lyon', country: 'FR', lat: 45.76, lng: 4.83 },
      pricing: { dailyPrice: 1200, currency: 'EUR', deposit: 4000 },
      status: 'active' as const,
    };
    const refused = await api.POST('/api/v1/products', { body: listing });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'IDENTITY.EMAIL_NOT_VERIFIED' });

    const welcome = await mailTo(t, smtp, email, /.+/);
    const verified = await api.POST('/api/v1/auth/email-verification', {
      body: { token: linkIn(welcome, 'verify-email').token },
    });
    expect(verified.response.status).toBe(200);
    expect(verified.data!.emailVerified).toBe(true);
    expect((await api.POST('/api/v1/products', { body: listing })).response.status).toBe(201);

    // Forgotten password: the reset link, a new password, the notice, the old one refused.
    const asked = await api.POST('/api/v1/auth/password-reset', { body: { email } });
    expect(asked.response.status).toBe(202);
    const resetMail = smtp.messages.length;
    await deliverMail(t);
    await smtp.waitFor((m) => m.to === email && /reset-password\?token=/.test(m.text));
    const reset = smtp.messages.slice(resetMail).find((m) => /reset-password\?token=/.test(m.text))!;
    const newPassword = 'another-Horse-43';
    const confirmed = await api.POST('/api/v1/auth/password-reset/confirm', {
      body: { token: linkIn(reset, 'reset-password').token, newPassword },
    });
    expect(confirmed.response.status).toBe(204);
    const oldLogin = await api.POST('/api/v1/auth/login', { body: { email, password } });
    expect(oldLogin.response.status).toBe(401);
    password = newPassword;
    const loggedIn = await api.POST('/api/v1/auth/login', { body: { email, password } });
    expect(loggedIn.response.status).toBe(200);
    session.token = (loggedIn.data as { accessToken: string }).accessToken;

    // A second factor: enrol, confirm with a first code, keep the recovery codes.
    const enrolled = await api.POST('/api/v1/account/mfa/totp', { body: { password } });
    expect(enrolled.response.status).toBe(201);
    expect(enrolled.data!.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const authenticator = new TestAuthenticator(enrolled.data!.secret);
    const on = await api.POST('/api/v1/account/mfa/totp/confirm', {
      body: { code: authenticator.nextCode() },
    });
    expect(on.response.status).toBe(200);
    expect(on.data!.recoveryCodes).toHaveLength(10);

    // Signing in now takes the password, then a code.
    const challenged = await api.POST('/api/v1/auth/login', { body: { email, password } });
    expect(challenged.response.status).toBe(202);
    const challenge = challenged.data as { challengeToken: string; accessToken?: string };
    expect(challenge.accessToken).toBeUndefined();
    const completed = await api.POST('/api/v1/auth/login/mfa', {
      body: { challengeToken: challenge.challengeToken, code: authenticator.nextCode() },
    });
    expect(completed.response.status).toBe(200);
    session.token = completed.data!.accessToken;
    const sessions = await api.GET('/api/v1/account/sessions');
    expect(sessions.data!.items.filter((s) => s.current)).toHaveLength(1);

    // Access: the export is assembled in the background, then downloaded.
    const requested = await api.POST('/api/v1/account/data-exports');
    expect(requested.response.status).toBe(202);
    await deliverMail(t);
    const exportId = requested.data!.id;
    const status = await api.GET('/api/v1/account/data-exports/{id}', { params: { path: { id: exportId } } });
    expect(status.data!.status).toBe('ready');
    const document = await api.GET('/api/v1/account/data-exports/{id}/document', {
      params: { path: { id: exportId } },
    });
    expect(document.response.status).toBe(200);
    expect(JSON.stringify(document.data)).toContain('Camping tent for four');
    expect(JSON.stringify(document.data)).toContain(email);

    // Erasure: password and second factor (a recovery code: the authenticator's next code would be
    // past the server's window this soon); afterwards the account no longer signs in.
    const deleted = await api.DELETE('/api/v1/account', {
      body: { password, recoveryCode: on.data!.recoveryCodes[0] },
    });
    expect(deleted.response.status).toBe(204);
    await deliverMail(t);
    const after = await api.POST('/api/v1/auth/login', { body: { email, password } });
    expect(after.response.status).toBe(401);
    const [row] = await t.db.query('SELECT status, email FROM identity.users WHERE id = $1', [
      signedUp.data!.user.id,
    ]);
    expect(row.status).toBe('deleted');
    expect(row.email).not.toContain('journey');
  });
});
