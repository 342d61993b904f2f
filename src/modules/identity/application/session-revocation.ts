import type { EntityManager } from 'typeorm';

/**
 * The lock every change to a user's sessions takes first, and refresh takes in share mode: a
 * refresh racing a revocation then either commits its new token before the revocation's UPDATE
 * looks (and is revoked with the rest) or waits and finds its family revoked. Without it, the
 * UPDATE's snapshot could miss the token a concurrent refresh had just inserted.
 */
export async function lockSessionsOf(manager: EntityManager, userId: string): Promise<void> {
  await manager.query('SELECT 1 FROM identity.users WHERE id = $1 FOR UPDATE', [userId]);
}

/**
 * Ends sessions (call it in a transaction; it takes lockSessionsOf): revokes every live refresh token of the user's families, but for `exceptSessionId`
 * (the caller's own session, kept on a password change). Access tokens already issued stay valid
 * until they expire (ACCESS_TOKEN_TTL_SECONDS): the contract says so. Returns the sessions ended.
 */
export async function revokeSessions(
  manager: EntityManager,
  userId: string,
  exceptSessionId?: string,
): Promise<number> {
  await lockSessionsOf(manager, userId);
  // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
  const [rows]: [{ family_id: string }[], number] = await manager.query(
    `UPDATE identity.refresh_tokens SET revoked_at = now()
     WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)
     RETURNING family_id`,
    [userId, exceptSessionId ?? null],
  );
  return new Set(rows.map((r) => r.family_id)).size;
}
