import type { SignedUpUser } from '../../support/identity.factory';
import { mfaClient } from '../../support/mfa.factory';
import { TestAuthenticator } from '../../support/totp';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';
import { DOCUMENTED_PASSWORD } from './example-fixture';

/** The account of the documented sign-up and sign-in. */
const DOCUMENTED_EMAIL = 'ada@example.com';

/** The token of the newest mail to `to` whose link opens `page`, read from the development mailbox. */
async function mailedToken(world: ExampleWorld, to: string, page: 'verify-email' | 'reset-password') {
  await world.deliver();
  const res = await world.t.http.get('/api/v1/dev/mailbox').query({ to });
  const text = (res.body.items as { text: string }[]).map((m) => m.text).join('\n');
  const token = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]{43})`).exec(text)?.[1];
  if (!token) throw new Error(`no ${page} link mailed to ${to}: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

/** The documented account, signed up once with the documented address and password. */
const documentedAccount = (world: ExampleWorld) =>
  world.once('documented-account', async () => {
    const res = await world.t.http
      .post('/api/v1/auth/signup')
      .send({ email: DOCUMENTED_EMAIL, password: DOCUMENTED_PASSWORD, fullName: 'Ada Lovelace' });
    if (res.status !== 201 && res.status !== 409) throw new Error(`signup failed: ${res.status}`);
  });

/** A second session of `user`, so one can be revoked without the caller's own. */
async function secondSessionId(world: ExampleWorld, user: SignedUpUser): Promise<string> {
  await world.t.http
    .post('/api/v1/auth/login')
    .send({ email: user.email, password: user.password })
    .expect(200);
  const res = await world.t.http.get('/api/v1/account/sessions').set(user.auth).expect(200);
  const other = (res.body.items as { id: string; current: boolean }[]).find((s) => !s.current);
  if (!other) throw new Error(`no second session: ${JSON.stringify(res.body)}`);
  return other.id;
}

const mfa = (world: ExampleWorld) => mfaClient(() => world.t);

export const identityExamples: ExampleFixtures = {
  admin_setUserRole: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { userId: (await world.person()).id },
  }),
  auth_signup: async (world) => {
    // The documented address must be free: the sign-in example may have taken it first.
    const login = await world.t.http
      .post('/api/v1/auth/login')
      .send({ email: DOCUMENTED_EMAIL, password: DOCUMENTED_PASSWORD });
    if (login.status === 200) {
      await world.t.http
        .delete('/api/v1/account')
        .set({ Authorization: `Bearer ${login.body.accessToken}` })
        .send({ password: DOCUMENTED_PASSWORD })
        .expect(204);
    }
    return {};
  },
  auth_login: async (world) => {
    await documentedAccount(world);
    return {};
  },
  auth_refresh: async (world) => ({ secrets: { refreshToken: (await world.person()).refreshToken } }),
  auth_logout: async (world) => ({ secrets: { refreshToken: (await world.person()).refreshToken } }),
  auth_getProfile: async (world) => ({ auth: (await world.person()).auth }),
  auth_updateProfile: async (world) => ({ auth: (await world.person()).auth }),
  auth_setAvatar: async (world) => ({ auth: (await world.person()).auth }),
  auth_deleteAvatar: async (world) => ({ auth: (await world.person()).auth }),
  users_getPublic: async (world) => ({
    auth: (await world.person()).auth,
    ids: { id: (await world.owner()).id },
  }),
  auth_verifyEmail: async (world) => {
    const user = await world.person();
    return { secrets: { token: await mailedToken(world, user.email, 'verify-email') } };
  },
  auth_requestPasswordReset: async () => ({}),
  auth_resetPassword: async (world) => {
    const user = await world.person();
    await world.t.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
    return { secrets: { token: await mailedToken(world, user.email, 'reset-password') } };
  },
  account_resendEmailVerification: async (world) => ({ auth: (await world.person()).auth }),
  account_changeEmail: async (world) => ({ auth: (await world.person()).auth }),
  account_changePassword: async (world) => ({ auth: (await world.person()).auth }),
  account_listSessions: async (world) => ({ auth: (await world.person()).auth }),
  account_revokeOtherSessions: async (world) => ({ auth: (await world.person()).auth }),
  account_revokeSession: async (world) => {
    const user = await world.person();
    return { auth: user.auth, ids: { id: await secondSessionId(world, user) } };
  },
  account_enrolTotp: async (world) => ({ auth: (await world.person()).auth }),
  account_confirmTotp: async (world) => {
    const user = await world.person();
    const started = await mfa(world).enrol(user);
    const code = new TestAuthenticator(started.body.secret).nextCode();
    return { auth: user.auth, secrets: { code } };
  },
  account_renewRecoveryCodes: async (world) => {
    const { user, authenticator } = await mfa(world).enrolled();
    return { auth: user.auth, secrets: { code: authenticator.nextCode() } };
  },
  account_disableTotp: async (world) => {
    const { user, authenticator } = await mfa(world).enrolled();
    return { auth: user.auth, secrets: { code: authenticator.nextCode() } };
  },
  auth_completeMfaLogin: async (world) => {
    const { user, authenticator } = await mfa(world).enrolled();
    const challengeToken = await mfa(world).challengeFor(user);
    return { secrets: { challengeToken, code: authenticator.nextCode() } };
  },
  // Without two-step verification the documented code is not asked for.
  account_delete: async (world) => ({ auth: (await world.person()).auth }),
  account_requestDataExport: async (world) => ({ auth: (await world.person()).auth }),
  account_listDataExports: async (world) => ({ auth: (await world.person()).auth }),
  account_getDataExport: async (world) => {
    const user = await world.person();
    const res = await world.t.http.post('/api/v1/account/data-exports').set(user.auth).expect(202);
    return { auth: user.auth, ids: { id: res.body.id } };
  },
  account_downloadDataExport: async (world) => {
    const user = await world.person();
    const res = await world.t.http.post('/api/v1/account/data-exports').set(user.auth).expect(202);
    await world.deliver(); // the export is assembled in the background
    return { auth: user.auth, ids: { id: res.body.id } };
  },
};
