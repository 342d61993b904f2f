import { linkIn, mailTo, smtpEnv } from '../support/account-mail';
import { auditEntriesFor, requestId } from '../support/audit.factory';
import { tablesHolding } from '../support/database-scan';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp, uniqueEmail } from '../support/identity.factory';
import { mfaClient } from '../support/mfa.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const PER_ACCOUNT = 3;
/** supertest connects from loopback; the entry keeps its network, as sessions do. */
const LOOPBACK_NETWORK = '127.0.0.0/24';

/**
 * Each security event identity records writes exactly one audit entry naming the actor, the
 * account, the action and the X-Request-Id the client sent; a refused attempt writes none.
 */
describe('identity: security events in the audit log', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  const mfa = mfaClient(() => t);
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({ ...smtpEnv(smtp), AUTH_RATE_LIMIT_PER_ACCOUNT: String(PER_ACCOUNT) });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const entriesAbout = (user: { id: string }, action: string) =>
    auditEntriesFor(t.db, { targetId: user.id, action });
  const bySelf = (
    user: SignedUpUser,
    action: string,
    rid: string,
    details: Record<string, unknown> = {},
  ) => ({
    actor_id: user.id,
    actor_role: 'user',
    action,
    target_type: 'user',
    target_id: user.id,
    request_id: rid,
    network: LOOPBACK_NETWORK,
    details,
  });

  it('records a login refused by the per-account limit once per window, naming the account, never the address', async () => {
    const user = await signUp(t.http);
    const attempt = (rid: string) =>
      t.http
        .post('/api/v1/auth/login')
        .set('X-Request-Id', rid)
        .send({ email: user.email, password: 'wrong-Password-1' });
    // Signing up counted one attempt against the address already.
    for (let i = 1; i < PER_ACCOUNT; i++) expect((await attempt(requestId())).status).toBe(401);
    expect(await entriesAbout(user, 'identity.login_throttled')).toEqual([]);
    const firstRefused = requestId('throttled');
    expect((await attempt(firstRefused)).status).toBe(429);
    expect((await attempt(requestId())).status).toBe(429);
    expect(await entriesAbout(user, 'identity.login_throttled')).toEqual([
      {
        actor_id: null,
        actor_role: 'anonymous',
        action: 'identity.login_throttled',
        target_type: 'user',
        target_id: user.id,
        request_id: firstRefused,
        network: LOOPBACK_NETWORK,
        details: { limit: 'account' },
      },
    ]);
    expect(await tablesHolding(t.db, [user.email])).not.toHaveProperty(['audit.entries']);
  });

  it('records a password change, and nothing for one refused for a wrong current password', async () => {
    const user = await signUp(t.http);
    const change = (currentPassword: string, rid: string) =>
      t.http
        .put('/api/v1/account/password')
        .set(user.auth)
        .set('X-Request-Id', rid)
        .send({ currentPassword, newPassword: 'another-Horse-77' });
    expect((await change('not-the-Password-1', requestId())).status).toBe(403);
    expect(await entriesAbout(user, 'identity.password_changed')).toEqual([]);
    const rid = requestId('password');
    expect((await change(user.password, rid)).status).toBe(204);
    expect(await entriesAbout(user, 'identity.password_changed')).toEqual([
      bySelf(user, 'identity.password_changed', rid, { sessionsRevoked: 0 }),
    ]);
  });

  it('records a completed password reset with the sessions it ended', async () => {
    const user = await signUp(t.http);
    expect((await t.http.post('/api/v1/auth/password-reset').send({ email: user.email })).status).toBe(202);
    const { token } = linkIn(await mailTo(t, smtp, user.email, 'Reset your password'), 'reset-password');
    const rid = requestId('reset');
    const res = await t.http
      .post('/api/v1/auth/password-reset/confirm')
      .set('X-Request-Id', rid)
      .send({ token, newPassword: 'reset-Horse-2026' });
    expect(res.status).toBe(204);
    expect(await entriesAbout(user, 'identity.password_reset')).toEqual([
      bySelf(user, 'identity.password_reset', rid, { sessionsRevoked: 1 }),
    ]);
  });

  it('records an email change asked for and confirmed, with neither address in the log', async () => {
    const user = await signUp(t.http);
    const newEmail = uniqueEmail('moved');
    const asked = requestId('email-ask');
    const res = await t.http
      .post('/api/v1/account/email')
      .set(user.auth)
      .set('X-Request-Id', asked)
      .send({ newEmail, password: user.password });
    expect(res.status).toBe(202);
    const { token } = linkIn(
      await mailTo(t, smtp, newEmail, 'Confirm your new email address'),
      'verify-email',
    );
    const confirmed = requestId('email-confirm');
    const verify = await t.http
      .post('/api/v1/auth/email-verification')
      .set('X-Request-Id', confirmed)
      .send({ token });
    expect(verify.status).toBe(200);
    expect(await entriesAbout(user, 'identity.email_change_requested')).toEqual([
      bySelf(user, 'identity.email_change_requested', asked),
    ]);
    expect(await entriesAbout(user, 'identity.email_changed')).toEqual([
      bySelf(user, 'identity.email_changed', confirmed),
    ]);
    expect(await tablesHolding(t.db, [user.email, newEmail])).not.toHaveProperty(['audit.entries']);
  });

  it('records MFA enabled, a recovery code used at sign-in, codes regenerated and MFA disabled', async () => {
    const { user, authenticator, recoveryCodes } = await mfa.enrolled();
    expect(await entriesAbout(user, 'identity.mfa_enabled')).toHaveLength(1);

    const challengeToken = await mfa.challengeFor(user);
    const used = requestId('recovery');
    const login = await t.http
      .post('/api/v1/auth/login/mfa')
      .set('X-Request-Id', used)
      .send({ challengeToken, recoveryCode: recoveryCodes[0] });
    expect(login.status).toBe(200);
    expect(await entriesAbout(user, 'identity.recovery_code_used')).toEqual([
      bySelf(user, 'identity.recovery_code_used', used, { remaining: recoveryCodes.length - 1 }),
    ]);

    const renewed = requestId('renew');
    const renew = await t.http
      .post('/api/v1/account/mfa/recovery-codes')
      .set(user.auth)
      .set('X-Request-Id', renewed)
      .send({ code: authenticator.nextCode() });
    expect(renew.status).toBe(200);
    expect(await entriesAbout(user, 'identity.recovery_codes_regenerated')).toEqual([
      bySelf(user, 'identity.recovery_codes_regenerated', renewed),
    ]);

    // A refused proof changes nothing and records nothing.
    const refused = await t.http.delete('/api/v1/account/mfa/totp').set(user.auth).send({ code: '000000' });
    expect(refused.status).toBe(403);
    expect(await entriesAbout(user, 'identity.mfa_disabled')).toEqual([]);
    const disabled = requestId('mfa-off');
    // A recovery code proves the factor too (the authenticator gave its two codes of this window).
    const off = await t.http
      .delete('/api/v1/account/mfa/totp')
      .set(user.auth)
      .set('X-Request-Id', disabled)
      .send({ recoveryCode: renew.body.recoveryCodes[0] });
    expect(off.status).toBe(204);
    expect(await entriesAbout(user, 'identity.mfa_disabled')).toEqual([
      bySelf(user, 'identity.mfa_disabled', disabled),
    ]);
  });

  it('records sessions the person ends: one, or all the others', async () => {
    const user = await signUp(t.http);
    const other = await t.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password });
    expect(other.status).toBe(200);
    const sessions = await t.http.get('/api/v1/account/sessions').set(user.auth);
    const otherSession = sessions.body.items.find((s: { current: boolean }) => !s.current);
    const one = requestId('end-one');
    expect(
      (
        await t.http
          .delete(`/api/v1/account/sessions/${otherSession.id}`)
          .set(user.auth)
          .set('X-Request-Id', one)
      ).status,
    ).toBe(204);
    // An already-ended session is a 404 and no entry.
    expect((await t.http.delete(`/api/v1/account/sessions/${otherSession.id}`).set(user.auth)).status).toBe(
      404,
    );
    const others = requestId('end-others');
    expect(
      (await t.http.delete('/api/v1/account/sessions').set(user.auth).set('X-Request-Id', others)).status,
    ).toBe(204);
    expect(await entriesAbout(user, 'identity.sessions_revoked')).toEqual([
      bySelf(user, 'identity.sessions_revoked', one, { scope: 'one', sessions: 1 }),
      bySelf(user, 'identity.sessions_revoked', others, { scope: 'others', sessions: 0 }),
    ]);
  });

  it('keeps the entry of a deleted account, which names only its id', async () => {
    const user = await signUp(t.http, { fullName: 'Erased Person' });
    const rid = requestId('erase');
    const res = await t.http
      .delete('/api/v1/account')
      .set(user.auth)
      .set('X-Request-Id', rid)
      .send({ password: user.password });
    expect(res.status).toBe(204);
    expect(await entriesAbout(user, 'identity.account_deleted')).toEqual([
      bySelf(user, 'identity.account_deleted', rid),
    ]);
    expect(await tablesHolding(t.db, [user.email, 'Erased Person'])).not.toHaveProperty(['audit.entries']);
  });
});
