import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { IdentityAuditActions, selfActor, userTarget } from './identity-audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { RateLimiter } from '../../../platform/http/rate-limiter';
import { AccountRecoveryErrors } from '../domain/account-recovery.errors';
import { IdentityErrors } from '../domain/identity.errors';
import { ProfileEntity } from '../persistence/profile.entity';
import { UserEntity } from '../persistence/user.entity';
import { AccountMailer, MailRecipient } from './account-mailer';
import { AccountTokens } from './account-tokens';
import { AccountView } from './account-view';
import { AvatarViews } from './avatar-views';
import { SecondFactor } from './second-factor';
import { uniqueViolationOf } from '../persistence/unique-violation';

const HOUR = 3600;

export const recipientOf = (user: UserEntity, profile: ProfileEntity): MailRecipient => ({
  userId: user.id,
  email: user.email,
  displayName: profile.displayName,
  locale: profile.locale,
});

/** Proving an address: the link sent at signup or on demand, and following it (also for an email change). */
@Injectable()
export class EmailVerificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: AccountTokens,
    private readonly mailer: AccountMailer,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly secondFactor: SecondFactor,
    private readonly audit: AuditTrail,
    private readonly avatars: AvatarViews,
  ) {}

  /** Issues a verification link and asks for its email, in the caller's transaction (signup's). */
  async start(manager: EntityManager, user: UserEntity, profile: ProfileEntity): Promise<void> {
    const token = await this.tokens.issue(manager, user.id, 'verify_email');
    if (!token) throw IdentityErrors.userNotFound();
    await this.mailer.send(manager, 'identity.verify-email', recipientOf(user, profile), {
      link: this.mailer.link('verify-email', token),
    });
  }

  /** A new link (the old one stops working). Limited per account and per IP: each one is an email sent. */
  async resend(userId: string, ip: string): Promise<void> {
    const perHour = this.config.ACCOUNT_EMAIL_RATE_LIMIT_PER_HOUR;
    await this.limiter.consume(`account-email:ip:${ip}`, perHour * 5, HOUR);
    await this.limiter.consume(`email-verification:user:${userId}`, perHour, HOUR);
    await this.dataSource.transaction(async (manager) => {
      const { user, profile } = await lockAccount(manager, userId);
      // Never mail the placeholder address of an erased account whose access token lives on.
      if (user.status !== 'active') throw IdentityErrors.userNotFound();
      if (user.emailVerifiedAt) throw AccountRecoveryErrors.emailAlreadyVerified();
      await this.start(manager, user, profile);
    });
  }

  /**
   * Follows a link: a verify_email token marks the address proven; a change_email token switches
   * to the new address (proven by this very click) and tells the old one. The token is spent in
   * the same transaction, so a second click answers TOKEN_USED and changes nothing.
   */
  async confirm(rawToken: string): Promise<AccountView> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const token = await this.tokens.spend(manager, rawToken, ['verify_email', 'change_email']);
        const { user, profile } = await lockAccount(manager, token.userId);
        const now = new Date();
        if (token.purpose === 'change_email' && token.newEmail) {
          const notice = recipientOf(user, profile);
          await manager.update(
            UserEntity,
            { id: user.id },
            { email: token.newEmail, emailVerifiedAt: now, updatedAt: now },
          );
          // Links sent to the old address must not vouch for the new one, nor reset its password.
          await this.tokens.discard(manager, user.id, 'verify_email');
          await this.tokens.discard(manager, user.id, 'password_reset');
          await this.mailer.send(manager, 'identity.email-changed', notice, { newEmail: token.newEmail });
          await this.audit.record(manager, {
            actor: selfActor(user),
            action: IdentityAuditActions.emailChanged,
            target: userTarget(user.id),
          });
          Object.assign(user, { email: token.newEmail, emailVerifiedAt: now });
        } else if (!user.emailVerifiedAt) {
          await manager.update(UserEntity, { id: user.id }, { emailVerifiedAt: now, updatedAt: now });
          user.emailVerifiedAt = now;
        }
        return this.avatars.account(user, profile, await this.secondFactor.isEnrolled(user.id, manager));
      });
    } catch (error) {
      // Someone took the new address between the request and the click.
      if (uniqueViolationOf(error) !== null) throw IdentityErrors.emailTaken();
      throw error;
    }
  }
}

/** The user's row, locked for the change (serialises token issuance), and their profile. */
export async function lockAccount(
  manager: EntityManager,
  userId: string,
): Promise<{ user: UserEntity; profile: ProfileEntity }> {
  const user = await manager.findOne(UserEntity, {
    where: { id: userId },
    lock: { mode: 'pessimistic_write' },
  });
  const profile = user ? await manager.findOne(ProfileEntity, { where: { userId } }) : null;
  if (!user || !profile) throw IdentityErrors.userNotFound();
  return { user, profile };
}
