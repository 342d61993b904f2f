import type { TestApp } from './test-app';
import type { SignedUpUser } from './identity.factory';
import { signUp } from './identity.factory';
import { TestAuthenticator } from './totp';

/**
 * Second-factor steps as a client takes them, for the app `app()` returns (a getter: test files
 * create their app in beforeAll). Fails loudly when the API refuses a step that should pass.
 */
export function mfaClient(app: () => TestApp) {
  const enrol = (user: SignedUpUser) =>
    app().http.post('/api/v1/account/mfa/totp').set(user.auth).send({ password: user.password });

  /** Signed up, enrolled and confirmed, as a person with an authenticator app would be. */
  const enrolled = async () => {
    const user = await signUp(app().http);
    const started = await enrol(user);
    if (started.status !== 201) throw new Error(`enrol failed: ${started.status}`);
    const authenticator = new TestAuthenticator(started.body.secret);
    const confirmed = await app()
      .http.post('/api/v1/account/mfa/totp/confirm')
      .set(user.auth)
      .send({ code: authenticator.nextCode() });
    if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status}`);
    return { user, authenticator, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  };

  const login = (user: SignedUpUser, userAgent = 'Test/1') =>
    app()
      .http.post('/api/v1/auth/login')
      .set('User-Agent', userAgent)
      .send({ email: user.email, password: user.password });

  /** The challenge token of a sign-in that must answer 202. */
  const challengeFor = async (user: SignedUpUser) => {
    const res = await login(user);
    if (res.status !== 202) throw new Error(`expected a challenge, got ${res.status}`);
    return res.body.challengeToken as string;
  };

  const complete = (body: Record<string, unknown>, userAgent = 'Test/1') =>
    app().http.post('/api/v1/auth/login/mfa').set('User-Agent', userAgent).send(body);

  const totpRow = async (userId: string) =>
    (await app().db.query('SELECT * FROM identity.mfa_totp WHERE user_id = $1', [userId]))[0];

  const refreshTokenCount = async (userId: string) =>
    Number(
      (
        await app().db.query('SELECT count(*) AS n FROM identity.refresh_tokens WHERE user_id = $1', [userId])
      )[0].n,
    );

  return { enrol, enrolled, login, challengeFor, complete, totpRow, refreshTokenCount };
}
