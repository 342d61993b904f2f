import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { IdentityAuditActions, selfActor, userTarget } from './identity-audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { SecretBox } from '../../../platform/crypto/secret-box';
import { Outbox } from '../../../platform/events/outbox';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { AppConfig } from '../../../platform/config/app-config';
import { RateLimiter } from '../../../platform/http/rate-limiter';
import { AccountRecoveryErrors } from '../domain/account-recovery.errors';
import { normalizeEmail } from '../domain/email';
import { emailKey } from '../domain/email-key';
import { passwordPolicyViolations } from '../domain/password-policy';
import { UserEntity } from '../persistence/user.entity';
import { AccountMailer } from './account-mailer';
import { AccountTokens } from './account-tokens';
import { CredentialCheck } from './credential-check';
import { lockAccount, recipientOf } from './email-verification.service';
import { PasswordHasher } from './password-hasher';
import { PASSWORD_RESET_SEAL, PasswordResetRequested } from './password-reset-requested.event';
import { revokeSessions } from './session-revocation';

const HOUR = 3600;

interface ResetTarget {
  id: string;
  email: string;
  display_name: string;
  locale: string;
}

/** Forgotten passwords (a link by email) and changes by a signed-in caller who knows theirs. */
@Injectable()
export class PasswordRecoveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: AccountTokens,
    private readonly mailer: AccountMailer,
    private readonly hasher: PasswordHasher,
    private readonly credentials: CredentialCheck,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly outbox: Outbox,
    private readonly box: SecretBox,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Answers the same, in the same time, whether or not an account uses the address: the request
   * only counts against the limits and writes one sealed event to identity's outbox, whatever the
   * address. Looking it up and mailing the link happen after the answer (issueResetLink), so
   * neither the body nor the timing tells a registered address from an unknown one
   * (`npm run bench:reset` measures the two).
   */
  async requestReset(rawEmail: string, ip: string): Promise<void> {
    const email = normalizeEmail(rawEmail);
    const perHour = this.config.ACCOUNT_EMAIL_RATE_LIMIT_PER_HOUR;
    await this.limiter.consume(`account-email:ip:${ip}`, perHour * 5, HOUR);
    await this.limiter.consume(`password-reset:account:${emailKey(email)}`, perHour, HOUR);
    await this.dataSource.transaction((manager) =>
      this.outbox.publish(
        manager,
        'identity',
        PasswordResetRequested.create({ sealedEmail: this.box.seal(PASSWORD_RESET_SEAL, email) }),
      ),
    );
  }

  /** Identity's subscriber to its own PasswordResetRequested: a link if an active account uses the address. */
  async issueResetLink(manager: EntityManager, sealedEmail: string): Promise<void> {
    const email = this.box.open(PASSWORD_RESET_SEAL, sealedEmail);
    const [target]: ResetTarget[] = await manager.query(
      `SELECT u.id, u.email, p.display_name, p.locale
       FROM identity.users u JOIN identity.profiles p ON p.user_id = u.id
       WHERE u.email = $1 AND u.status = 'active'
       FOR UPDATE OF u`,
      [email],
    );
    if (!target) return;
    const token = await this.tokens.issue(manager, target.id, 'password_reset');
    if (!token) return;
    await this.mailer.send(
      manager,
      'identity.password-reset',
      { userId: target.id, email: target.email, displayName: target.display_name, locale: target.locale },
      { link: this.mailer.link('reset-password', token) },
    );
  }

  /**
   * Sets the new password from a reset link and ends every session: whoever knew the old password
   * is out. Following the link also proves the address, so an unverified one becomes verified.
   */
  async confirmReset(rawToken: string, newPassword: string): Promise<void> {
    assertPolicy(newPassword);
    // Refuse a bad link before spending a bcrypt hash on it; spend() decides again under lock.
    await this.tokens.check(this.dataSource.manager, rawToken, ['password_reset']);
    const passwordHash = await this.hasher.hash(newPassword);
    const email = await this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.spend(manager, rawToken, ['password_reset']);
      const { user, profile } = await lockAccount(manager, token.userId);
      const now = new Date();
      await manager.update(
        UserEntity,
        { id: user.id },
        { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now, updatedAt: now },
      );
      const sessionsRevoked = await revokeSessions(manager, user.id);
      // The person following the link is the account's owner, proven by their mailbox.
      await this.audit.record(manager, {
        actor: selfActor(user),
        action: IdentityAuditActions.passwordReset,
        target: userTarget(user.id),
        details: { sessionsRevoked },
      });
      // Whoever knew the old password may have asked for an email change to their own address: a
      // reset ends that too, or their link would take the account back after the reset.
      await this.tokens.discard(manager, user.id, 'change_email');
      await this.mailer.send(manager, 'identity.password-changed', recipientOf(user, profile));
      return user.email;
    });
    // Whoever was locked out of logging in by failed attempts may try again with the new password.
    await this.limiter.reset(`login:account:${emailKey(email)}`);
  }

  /** Changes the password of a signed-in caller who knows it; their other sessions end, this one stays. */
  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    assertPolicy(newPassword);
    const checked = await this.credentials.confirmPassword(caller.id, currentPassword);
    const passwordHash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      const { user, profile } = await lockAccount(manager, caller.id);
      // A concurrent change wins alone: this one was checked against a password no longer current.
      if (user.passwordHash !== checked.passwordHash) throw AccountRecoveryErrors.currentPasswordWrong();
      await manager.update(UserEntity, { id: user.id }, { passwordHash, updatedAt: new Date() });
      const sessionsRevoked = await revokeSessions(manager, user.id, caller.sessionId);
      await this.audit.record(manager, {
        actor: selfActor(user),
        action: IdentityAuditActions.passwordChanged,
        target: userTarget(user.id),
        details: { sessionsRevoked },
      });
      // As on a reset: pending email changes and reset links asked for under the old password end.
      await this.tokens.discard(manager, user.id, 'change_email');
      await this.tokens.discard(manager, user.id, 'password_reset');
      await this.mailer.send(manager, 'identity.password-changed', recipientOf(user, profile));
    });
  }
}

function assertPolicy(newPassword: string): void {
  const violations = passwordPolicyViolations(newPassword);
  if (violations.length > 0) throw AccountRecoveryErrors.weakNewPassword(violations);
}
