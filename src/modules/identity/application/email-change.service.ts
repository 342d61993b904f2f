import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { IdentityAuditActions, selfActor, userTarget } from './identity-audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { RateLimiter } from '../../../platform/http/rate-limiter';
import { AccountRecoveryErrors } from '../domain/account-recovery.errors';
import { normalizeEmail } from '../domain/email';
import { IdentityErrors } from '../domain/identity.errors';
import { AccountMailer } from './account-mailer';
import { AccountTokens } from './account-tokens';
import { CredentialCheck } from './credential-check';
import { lockAccount, recipientOf } from './email-verification.service';

/**
 * Asking to move the account to another address. Nothing changes until the new address follows
 * its link (EmailVerificationService.confirm); the old one is told at once, so a hijacker cannot
 * move an account silently. Whether the new address is taken is only checked then: answering it
 * here would tell any signed-in caller which addresses have accounts.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialCheck,
    private readonly tokens: AccountTokens,
    private readonly mailer: AccountMailer,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly audit: AuditTrail,
  ) {}

  async requestChange(userId: string, rawNewEmail: string, password: string): Promise<void> {
    const newEmail = normalizeEmail(rawNewEmail);
    const checked = await this.credentials.confirmPassword(userId, password);
    if (checked.email === newEmail) throw AccountRecoveryErrors.emailUnchanged();
    await this.limiter.consume(
      `email-change:user:${userId}`,
      this.config.ACCOUNT_EMAIL_RATE_LIMIT_PER_HOUR,
      3600,
    );
    await this.dataSource.transaction(async (manager) => {
      const { user, profile } = await lockAccount(manager, userId);
      const token = await this.tokens.issue(manager, user.id, 'change_email', newEmail);
      if (!token) throw IdentityErrors.userNotFound();
      const recipient = recipientOf(user, profile);
      await this.mailer.send(
        manager,
        'identity.confirm-email-change',
        recipient,
        { link: this.mailer.link('verify-email', token), newEmail },
        newEmail,
      );
      await this.mailer.send(manager, 'identity.email-change-requested', recipient, { newEmail });
      // Neither address goes in the entry: the audit log holds no personal data.
      await this.audit.record(manager, {
        actor: selfActor(user),
        action: IdentityAuditActions.emailChangeRequested,
        target: userTarget(user.id),
      });
    });
  }
}
