import type { EntityManager } from 'typeorm';
import type { Role } from '../../../platform/auth/auth-user';

/** The security events identity records in the audit log (platform/audit), by name. */
export const IdentityAuditActions = {
  loginThrottled: 'identity.login_throttled',
  passwordChanged: 'identity.password_changed',
  passwordReset: 'identity.password_reset',
  emailChangeRequested: 'identity.email_change_requested',
  emailChanged: 'identity.email_changed',
  mfaEnabled: 'identity.mfa_enabled',
  mfaDisabled: 'identity.mfa_disabled',
  recoveryCodesRegenerated: 'identity.recovery_codes_regenerated',
  recoveryCodeUsed: 'identity.recovery_code_used',
  sessionsRevoked: 'identity.sessions_revoked',
  accountSuspended: 'identity.account_suspended',
  accountReinstated: 'identity.account_reinstated',
  accountDeleted: 'identity.account_deleted',
  roleGranted: 'identity.role_granted',
  roleRevoked: 'identity.role_revoked',
} as const;

/** An account as the target of an entry: its id only, which an erasure leaves meaningless. */
export const userTarget = (userId: string) => ({ type: 'user', id: userId });

/** The account acting on itself, as the actor of an entry. */
export const selfActor = (user: { id: string; role: Role }) => ({ id: user.id, role: user.role });

/** The account acting on itself when only its id is at hand: its role as the database holds it. */
export async function selfActorById(
  manager: EntityManager,
  userId: string,
): Promise<{ id: string; role: Role }> {
  const [row]: { role: Role }[] = await manager.query('SELECT role FROM identity.users WHERE id = $1', [
    userId,
  ]);
  // Called after the change found the account; a missing row would be a bug, not a caller's error.
  if (!row) throw new Error(`No account ${userId} to record as the actor`);
  return { id: userId, role: row.role };
}
