import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { AuthUser, Role } from '../../../platform/auth/auth-user';
import { DomainError } from '../../../platform/errors/domain-error';
import { IdentityErrors } from '../domain/identity.errors';
import { IdentityAuditActions, userTarget } from './identity-audit';
import { revokeSessions } from './session-revocation';

export interface UserRoleView {
  userId: string;
  role: Role;
  /** Sessions ended because the role changed (the role travels in every access token). */
  sessionsRevoked: number;
}

export const ownAdminRoleKept = () =>
  new DomainError(
    'IDENTITY.OWN_ADMIN_ROLE',
    'conflict',
    'An admin cannot remove their own admin role; another admin must do it',
  );

/** The caller's token still says admin, the database no longer does (demoted within the token's life). */
export const notAnAdminAnyMore = () =>
  new DomainError('IDENTITY.NOT_AN_ADMIN', 'forbidden', 'Your account is no longer an admin');

/** Granting and revoking the admin role (admins only), recorded in the audit log. */
@Injectable()
export class RoleAssignmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Sets `userId`'s role. A change ends the person's sessions, so no refresh can mint a token with
   * the old role (access tokens already issued keep it until they expire, 15 minutes at most). An
   * unchanged role changes nothing and records nothing. An admin keeping their own role is what
   * stops the last admin from locking everyone out.
   */
  async setRole(caller: AuthUser, userId: string, role: Role): Promise<UserRoleView> {
    return this.dataSource.transaction(async (manager) => {
      // The row lock every session change takes first (lockSessionsOf): revokeSessions takes it too.
      // The caller's row too, in id order (no deadlock with a crossed request): the token's role may
      // be up to 15 minutes old, so an admin demoted meanwhile must not restore themselves with it.
      const rows: { id: string; role: Role; status: string }[] = await manager.query(
        'SELECT id, role, status FROM identity.users WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
        [[userId, caller.id]],
      );
      const callerNow = rows.find((r) => r.id === caller.id);
      if (callerNow?.role !== 'admin' || callerNow.status !== 'active') throw notAnAdminAnyMore();
      const user = rows.find((r) => r.id === userId);
      if (!user || user.status === 'deleted') throw IdentityErrors.userNotFound();
      if (userId === caller.id && role !== 'admin') throw ownAdminRoleKept();
      if (user.role === role) return { userId, role, sessionsRevoked: 0 };
      await manager.query('UPDATE identity.users SET role = $2, updated_at = now() WHERE id = $1', [
        userId,
        role,
      ]);
      const sessionsRevoked = await revokeSessions(manager, userId);
      await this.audit.record(manager, {
        actor: caller,
        action: role === 'admin' ? IdentityAuditActions.roleGranted : IdentityAuditActions.roleRevoked,
        target: userTarget(userId),
        details: { role, previousRole: user.role, sessionsRevoked },
      });
      return { userId, role, sessionsRevoked };
    });
  }
}
