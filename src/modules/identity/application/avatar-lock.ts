import type { EntityManager } from 'typeorm';
import type { StoredImage } from '../../../platform/media/image-intake';
import { IdentityErrors } from '../domain/identity.errors';

type Variants = StoredImage['variants'];

/**
 * The profile's locked row (FOR UPDATE) and its uploaded avatar, for a change that replaces it; an
 * erased account has none to change (404, as for its other writes).
 */
export async function lockAvatar(manager: EntityManager, userId: string): Promise<Variants | null> {
  const [row]: { avatar_variants: Variants | null }[] = await manager.query(
    `SELECT p.avatar_variants FROM identity.profiles p JOIN identity.users u ON u.id = p.user_id
     WHERE p.user_id = $1 AND u.status <> 'deleted' FOR UPDATE OF p`,
    [userId],
  );
  if (!row) throw IdentityErrors.userNotFound();
  return row.avatar_variants;
}
