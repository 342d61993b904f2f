import { Injectable } from '@nestjs/common';
import { ANONYMOUS_ACTOR } from '../../../platform/audit/audit-entry';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { IdentityAuditActions, userTarget } from './identity-audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { RateLimiter } from '../../../platform/http/rate-limiter';
import { normalizeEmail } from '../domain/email';
import { emailKey } from '../domain/email-key';
import { IdentityErrors } from '../domain/identity.errors';
import { passwordPolicyViolations } from '../domain/password-policy';
import { decideRefresh } from '../domain/refresh-token-policy';
import type { SessionClient } from '../domain/session-client';
import { ProfileEntity } from '../persistence/profile.entity';
import { RefreshTokenEntity } from '../persistence/refresh-token.entity';
import { UserEntity } from '../persistence/user.entity';
import type { MailLocale } from '../../../platform/mail/mail-template';
import { AvatarViews } from './avatar-views';
import { EmailVerificationService } from './email-verification.service';
import { MfaChallenge, MfaLoginService } from './mfa-login.service';
import { PasswordHasher } from './password-hasher';
import { TokenIssuer } from './token-issuer';
import type { Session } from './token-issuer';
import { hashRefreshToken } from './token-issuer';
import { uniqueViolationOf } from '../persistence/unique-violation';

export interface SignupCommand {
  email: string;
  password: string;
  fullName: string;
  locale?: MailLocale | null;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly mfaLogin: MfaLoginService,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly verification: EmailVerificationService,
    private readonly audit: AuditTrail,
    private readonly avatars: AvatarViews,
  ) {}

  async signup(command: SignupCommand, ip: string, client: SessionClient): Promise<Session> {
    const email = normalizeEmail(command.email);
    await this.throttle(ip, email);
    const violations = passwordPolicyViolations(command.password);
    if (violations.length > 0) throw IdentityErrors.weakPassword(violations);
    const passwordHash = await this.hasher.hash(command.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = manager.create(UserEntity, {
          id: randomUUID(),
          email,
          passwordHash,
          emailVerifiedAt: null,
          role: 'user',
          status: 'active',
        });
        await manager.save(user);
        const fullName = command.fullName.trim();
        const profile = manager.create(ProfileEntity, {
          userId: user.id,
          fullName,
          displayName: fullName.split(/\s+/)[0].slice(0, 50),
          locale: command.locale ?? 'en',
        });
        await manager.save(profile);
        // The verification email goes out only if the account is created: same transaction.
        await this.verification.start(manager, user, profile);
        return {
          ...(await this.tokens.issue(manager, user, client)),
          user: await this.avatars.account(user, profile, false),
        };
      });
    } catch (error) {
      if (uniqueViolationOf(error) !== null) throw IdentityErrors.emailTaken();
      throw error;
    }
  }

  /** A session, or a challenge for the second factor when the account has one (no tokens then). */
  async login(
    rawEmail: string,
    password: string,
    ip: string,
    client: SessionClient,
  ): Promise<Session | MfaChallenge> {
    const email = normalizeEmail(rawEmail);
    await this.throttle(ip, email, true);
    // On the primary, like every find* (replicas are opt-in): a lagging one would refuse a new account.
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ where: { email }, relations: { profile: true } });
    const valid = user
      ? await this.hasher.verify(password, user.passwordHash)
      : await this.hasher.verifyAgainstNothing(password);
    // A suspension is told only to whoever knows the password; to anyone else it is a wrong password.
    if (user && valid && user.status === 'suspended')
      throw IdentityErrors.accountSuspended(user.suspendedUntil);
    if (!user || !valid || user.status !== 'active' || !user.profile)
      throw IdentityErrors.invalidCredentials();
    await this.limiter.reset(`login:account:${emailKey(email)}`);
    if (await this.mfaLogin.isRequired(user.id)) return this.mfaLogin.open(user.id, client);
    const pair = await this.tokens.issue(this.dataSource.manager, user, client);
    return { ...pair, user: await this.avatars.account(user, user.profile, false) };
  }

  async refresh(refreshToken: string, client: SessionClient): Promise<Session> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      // The user row first, in share mode, as every revocation locks it first (lockSessionsOf):
      // a revocation running meanwhile then sees the token this refresh issues, or this refresh
      // sees the revocation. Refreshes of one user do not wait on each other.
      await manager.query(
        `SELECT 1 FROM identity.users u JOIN identity.refresh_tokens t ON t.user_id = u.id
         WHERE t.token_hash = $1 FOR SHARE OF u`,
        [hashRefreshToken(refreshToken)],
      );
      const token = await manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: hashRefreshToken(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token) return { error: IdentityErrors.invalidRefreshToken() };
      const decision = decideRefresh(token, new Date(), this.config.REFRESH_REUSE_GRACE_SECONDS);
      if (decision === 'expired' || decision === 'revoked')
        return { error: IdentityErrors.invalidRefreshToken() };
      if (decision === 'reuse_detected') {
        await this.revokeFamily(manager, token.familyId);
        return { error: IdentityErrors.refreshTokenReused() };
      }
      const user = await manager.findOne(UserEntity, {
        where: { id: token.userId },
        relations: { profile: true },
      });
      if (!user?.profile || user.status !== 'active') return { error: IdentityErrors.invalidRefreshToken() };
      if (decision === 'rotate')
        await manager.update(RefreshTokenEntity, { id: token.id }, { rotatedAt: new Date() });
      const pair = await this.tokens.issue(manager, user, client, token.familyId);
      const mfaEnabled = await this.mfaLogin.isRequired(user.id, manager);
      return { session: { ...pair, user: await this.avatars.account(user, user.profile, mfaEnabled) } };
    });
    // The revocation above must commit, so the error is thrown only after the transaction.
    if ('error' in outcome) throw outcome.error;
    return outcome.session;
  }

  /**
   * Revokes the token's whole family. Unknown tokens are accepted silently: logout is idempotent.
   * One statement on the primary: a lookup on a lagging replica would miss a fresh token and leave
   * it alive.
   */
  async logout(refreshToken: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE identity.refresh_tokens SET revoked_at = now()
       WHERE revoked_at IS NULL
         AND family_id = (SELECT family_id FROM identity.refresh_tokens WHERE token_hash = $1)`,
      [hashRefreshToken(refreshToken)],
    );
  }

  private async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async throttle(ip: string, email: string, isLogin = false): Promise<void> {
    const window = this.config.AUTH_RATE_LIMIT_WINDOW_SECONDS;
    const audited = (limit: 'ip' | 'account') =>
      isLogin ? () => this.recordThrottled(email, limit) : undefined;
    await this.limiter.consume(`auth:ip:${ip}`, this.config.AUTH_RATE_LIMIT_PER_IP, window, audited('ip'));
    await this.limiter.consume(
      `login:account:${emailKey(email)}`,
      this.config.AUTH_RATE_LIMIT_PER_ACCOUNT,
      window,
      audited('account'),
    );
  }

  /** A login refused by a limit: the account it aimed at, if one uses the address (never the address). */
  private async recordThrottled(email: string, limit: 'ip' | 'account'): Promise<void> {
    const [user]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM identity.users WHERE email = $1',
      [email],
    );
    await this.audit.record(this.dataSource.manager, {
      actor: ANONYMOUS_ACTOR,
      action: IdentityAuditActions.loginThrottled,
      target: user ? userTarget(user.id) : null,
      details: { limit },
    });
  }
}
