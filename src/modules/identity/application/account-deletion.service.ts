import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { Role } from '../../../platform/auth/auth-user';
import { IdentityAuditActions, userTarget } from './identity-audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import { ImageIntake } from '../../../platform/media/image-intake';
import type { StoredImage } from '../../../platform/media/image-intake';
import { withdrawAfterCommit } from '../../../platform/media/withdraw-after-commit';
import { RateLimiter } from '../../../platform/http/rate-limiter';
import { MailErasure } from '../../../platform/mail/mail-erasure';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';
import { UserDeleted } from '../contracts/identity.events';
import { AccountDeletionErrors } from '../domain/account-deletion.errors';
import { AccountRecoveryErrors } from '../domain/account-recovery.errors';
import { emailKey } from '../domain/email-key';
import { IdentityErrors } from '../domain/identity.errors';
import { MfaErrors } from '../domain/mfa.errors';
import { eraseIdentityRows } from './identity-erasure';
import { CredentialCheck } from './credential-check';
import type { SecondFactorProof } from './second-factor';
import { SecondFactor } from './second-factor';

export interface DeleteAccountCommand extends SecondFactorProof {
  password: string;
}

/**
 * Self-service erasure (GDPR art. 17). Identity proves it is the person (password, and the second
 * factor when enrolled), asks every context whether something must be finished or settled first
 * (PersonalDataRegistry), then erases its own rows and tells the others with UserDeleted in the
 * same transaction; each context erases or anonymises what it holds in its inbox handler.
 *
 * The blockers are asked before the transaction, from each context's own tables: a rental
 * requested in the moment between is no blocker, rental's UserDeleted handler cancels it.
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialCheck,
    private readonly secondFactor: SecondFactor,
    private readonly personalData: PersonalDataRegistry,
    private readonly outbox: Outbox,
    private readonly mail: MailErasure,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditTrail,
    private readonly intake: ImageIntake,
  ) {}

  async deleteAccount(userId: string, command: DeleteAccountCommand, now = new Date()): Promise<void> {
    // 404 for an account no longer active (an erased one's access token outlives it).
    const user = await this.credentials.confirmPassword(userId, command.password);

    const blockers = await this.personalData.erasureBlockers(userId);
    if (blockers.length > 0) throw AccountDeletionErrors.erasureBlocked(blockers);

    let avatar: StoredImage['variants'] | null = null;
    const erase = () =>
      this.dataSource.transaction(async (manager) => {
        const [locked]: { status: string; password_hash: string; role: Role }[] = await manager.query(
          'SELECT status, password_hash, role FROM identity.users WHERE id = $1 FOR UPDATE',
          [userId],
        );
        // Erased or suspended meanwhile, or a password changed since it was checked: it stands no more.
        if (!locked || locked.status !== 'active') throw IdentityErrors.userNotFound();
        if (locked.password_hash !== user.passwordHash) throw AccountRecoveryErrors.currentPasswordWrong();
        // Spent inside the erasure's transaction: a refused deletion never burns the person's code.
        if (enrolled && !(await this.secondFactor.spendWithin(manager, userId, command)))
          throw MfaErrors.codeRefused();
        // Identity's outbox first (its mail requests, which waits for a delivery in flight), then
        // the mail that delivery may just have stored.
        avatar = await eraseIdentityRows(manager, userId, now);
        await this.secondFactor.eraseFor(manager, userId);
        await this.mail.eraseFor(manager, userId);
        // The entry outlives the account: it names only the erased account's id, no personal data.
        await this.audit.record(manager, {
          actor: { id: userId, role: locked.role },
          action: IdentityAuditActions.accountDeleted,
          target: userTarget(userId),
        });
        await this.outbox.publish(
          manager,
          'identity',
          UserDeleted.create({ userId, deletedAt: now.toISOString() }, now),
        );
        return true;
      });
    // The attempt is counted outside the transaction: counting inside it would hold a second pooled
    // connection per deletion, which a burst of them would run out of.
    const enrolled = await this.secondFactor.isEnrolled(userId);
    if (enrolled) await this.secondFactor.attempt(userId, erase);
    else await erase();
    // The uploaded avatar's files, once no row names them.
    if (avatar) await withdrawAfterCommit(this.intake, [{ variants: avatar }]);
    // Counters keyed by a hash of the address (sign-in, password reset) would confirm it to anyone
    // who knows it until their window ends; best effort, like every reset.
    for (const key of [
      `login:account:${emailKey(user.email)}`,
      `password-reset:account:${emailKey(user.email)}`,
    ])
      await this.limiter.reset(key);
  }
}
