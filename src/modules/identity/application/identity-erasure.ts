import type { EntityManager } from 'typeorm';
import { MailRequested } from '../../../platform/mail/mail-requested.event';
import type { StoredImage } from '../../../platform/media/image-intake';
import { ERASED_PASSWORD_HASH, ERASED_PROFILE, erasedEmail } from '../domain/account-erasure';
import { ProfileEntity } from '../persistence/profile.entity';

/**
 * Erases what identity holds about a person, in the caller's transaction. The user row stays, as
 * status 'deleted' with a placeholder address and an unusable password, because every other
 * context's records point at its id; everything that names, reaches or authenticates them goes.
 * The authenticator and recovery codes are SecondFactor's to erase (SecondFactor.eraseFor).
 * Returns the uploaded avatar's variants, for the caller to withdraw once this has committed.
 */
export async function eraseIdentityRows(
  manager: EntityManager,
  userId: string,
  now: Date,
): Promise<StoredImage['variants'] | null> {
  const [profile]: { avatar_variants: StoredImage['variants'] | null }[] = await manager.query(
    'SELECT avatar_variants FROM identity.profiles WHERE user_id = $1 FOR UPDATE',
    [userId],
  );
  await manager.query(
    `UPDATE identity.users
     SET status = 'deleted', deleted_at = $2, email = $3, password_hash = $4, email_verified_at = NULL,
         suspended_until = NULL, updated_at = $2
     WHERE id = $1`,
    [userId, now, erasedEmail(userId), ERASED_PASSWORD_HASH],
  );
  await manager.update(ProfileEntity, { userId }, { ...ERASED_PROFILE, updatedAt: now });
  // Every session ends: no refresh token survives to be exchanged, nor the devices and networks
  // recorded on them.
  await manager.query('DELETE FROM identity.refresh_tokens WHERE user_id = $1', [userId]);
  // Unused links (verification, email change with the new address, password reset).
  await manager.query('DELETE FROM identity.account_tokens WHERE user_id = $1', [userId]);
  // An export document is a copy of everything about them.
  await manager.query('DELETE FROM identity.data_exports WHERE user_id = $1', [userId]);
  // Mail identity asked for about them, waiting in its outbox or already handed over: sealed, but
  // the key still opens it, and a verification link must not reach them after the erasure.
  await manager.query(`DELETE FROM identity.outbox_events WHERE type = $1 AND payload ->> 'userId' = $2`, [
    MailRequested.type,
    userId,
  ]);
  return profile?.avatar_variants ?? null;
}
