import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { AccountRecoveryErrors } from '../domain/account-recovery.errors';
import type { AccountTokenPurpose } from '../domain/account-token-policy';
import { accountTokenExpiry, decideAccountToken } from '../domain/account-token-policy';
import { AccountTokenEntity } from '../persistence/account-token.entity';

export const hashAccountToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Mints and spends the single-use tokens of email links. The plain token exists only in the email;
 * the table keeps its SHA-256, so reading the database (or a backup) gives no working link.
 */
@Injectable()
export class AccountTokens {
  constructor(private readonly config: AppConfig) {}

  /**
   * Issues a token of `purpose` for `userId`, replacing the user's unused ones of that purpose.
   * The caller holds the user's row lock. Returns null when `userId` is null or no such user exists.
   */
  async issue(
    manager: EntityManager,
    userId: string | null,
    purpose: AccountTokenPurpose,
    newEmail: string | null = null,
    now = new Date(),
  ): Promise<string | null> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = accountTokenExpiry(purpose, now, {
      emailVerificationHours: this.config.EMAIL_VERIFICATION_TTL_HOURS,
      passwordResetMinutes: this.config.PASSWORD_RESET_TTL_MINUTES,
    });
    await manager.query(
      `DELETE FROM identity.account_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose],
    );
    const inserted: unknown[] = await manager.query(
      `INSERT INTO identity.account_tokens (id, user_id, purpose, token_hash, new_email, expires_at)
       SELECT $1, u.id, $2, $3, $4, $5 FROM identity.users u WHERE u.id = $6
       RETURNING id`,
      [randomUUID(), purpose, hashAccountToken(token), newEmail, expiresAt, userId],
    );
    return inserted.length > 0 ? token : null;
  }

  /**
   * Throws the token's error unless it may be used for `accepted`, without changing anything:
   * a cheap refusal before expensive work (a bcrypt hash) that `spend` then confirms under lock.
   */
  async check(
    manager: EntityManager,
    token: string,
    accepted: readonly AccountTokenPurpose[],
  ): Promise<void> {
    const row = await manager.findOne(AccountTokenEntity, { where: { tokenHash: hashAccountToken(token) } });
    this.assertUsable(row, accepted);
  }

  /** Locks the token, throws its error unless usable for `accepted`, and marks it used. */
  async spend(
    manager: EntityManager,
    token: string,
    accepted: readonly AccountTokenPurpose[],
  ): Promise<AccountTokenEntity> {
    const row = await manager.findOne(AccountTokenEntity, {
      where: { tokenHash: hashAccountToken(token) },
      lock: { mode: 'pessimistic_write' },
    });
    this.assertUsable(row, accepted);
    const usedAt = new Date();
    await manager.update(AccountTokenEntity, { id: row.id }, { usedAt, updatedAt: usedAt });
    return { ...row, usedAt };
  }

  /** Forgets the user's unused links of `purpose` (an email change makes old verification links moot). */
  async discard(manager: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await manager.query(
      `DELETE FROM identity.account_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose],
    );
  }

  private assertUsable(
    row: AccountTokenEntity | null,
    accepted: readonly AccountTokenPurpose[],
  ): asserts row is AccountTokenEntity {
    const decision = decideAccountToken(row, accepted, new Date());
    if (decision === 'invalid') throw AccountRecoveryErrors.tokenInvalid();
    if (decision === 'expired') throw AccountRecoveryErrors.tokenExpired();
    if (decision === 'used') throw AccountRecoveryErrors.tokenUsed();
  }
}
