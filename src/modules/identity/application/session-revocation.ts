import type { EntityManager } from 'typeorm';

/**
 * Ends sessions: revokes every live refresh token of the user's families, but for `exceptSessionId`
 * (the caller's own session, kept on a password change). Access tokens already issued stay valid
 * until they expire (ACCESS_TOKEN_TTL_SECONDS): the contract says so. Returns the sessions ended.
 */
export async function revokeSessions(
  manager: EntityManager,
  userId: string,
  exceptSessionId?: string,
): Promise<number> {
  // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
  const [rows]: [{ family_id: string }[], number] = await manager.query(
    `UPDATE identity.refresh_tokens SET revoked_at = now()
     WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)
     RETURNING family_id`,
    [userId, exceptSessionId ?? null],
  );
  return new Set(rows.map((r) => r.family_id)).size;
}
