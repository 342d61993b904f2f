import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../../../platform/audit/audit-entry';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { EventBus } from '../../../platform/events/event-bus';
import type { UserReinstatedPayload, UserSuspendedPayload } from './consumed-events';
import { UserReinstated, UserSuspended } from './consumed-events';
import { IdentityAuditActions, userTarget } from './identity-audit';
import { revokeSessions } from './session-revocation';

/**
 * Trust's decisions on an account, applied to it: a suspension (or a ban) ends every session and
 * refuses sign-ins and refreshes until trust reinstates the user. Each UserSuspended replaces the
 * previous one's end, so a second suspension arriving before any reinstatement simply moves it;
 * each event carries trust's sequence, and one older than the last applied (a late delivery) is
 * ignored. Redeliveries are no-ops (inbox 'identity'); an erased account
 * stays erased whatever arrives.
 */
@Injectable()
export class AccountSuspensionSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly audit: AuditTrail,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(UserSuspended, {
      name: 'identity.suspend-account',
      inbox: 'identity',
      handle: (event, manager) => this.suspend(event.payload, manager),
    });
    this.bus.subscribe(UserReinstated, {
      name: 'identity.reinstate-account',
      inbox: 'identity',
      handle: (event, manager) => this.reinstate(event.payload, manager),
    });
  }

  async suspend({ userId, until, sequence }: UserSuspendedPayload, manager: EntityManager): Promise<void> {
    // The row lock every session change takes first (lockSessionsOf), held to commit.
    const [user]: { status: string; stale: boolean }[] = await manager.query(
      'SELECT status, restriction_sequence >= $2 AS stale FROM identity.users WHERE id = $1 FOR UPDATE',
      [userId, sequence],
    );
    // An erased account stays erased; an event older than the last one applied arrived late.
    if (!user || user.status === 'deleted' || user.stale) return;
    await manager.query(
      `UPDATE identity.users SET status = 'suspended', suspended_until = $2, restriction_sequence = $3,
              updated_at = now()
       WHERE id = $1`,
      [userId, until, sequence],
    );
    const sessionsRevoked = await revokeSessions(manager, userId);
    if (user.status === 'active')
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR,
        action: IdentityAuditActions.accountSuspended,
        target: userTarget(userId),
        details: { until },
      });
    await this.audit.record(manager, {
      actor: SYSTEM_ACTOR,
      action: IdentityAuditActions.sessionsRevoked,
      target: userTarget(userId),
      details: { sessionsRevoked, cause: 'suspended' },
    });
  }

  async reinstate({ userId, sequence }: UserReinstatedPayload, manager: EntityManager): Promise<void> {
    const [user]: { status: string; stale: boolean }[] = await manager.query(
      'SELECT status, restriction_sequence >= $2 AS stale FROM identity.users WHERE id = $1 FOR UPDATE',
      [userId, sequence],
    );
    if (!user || user.status === 'deleted' || user.stale) return;
    // Recorded even when the account is active (a reinstatement that overtook its suspension), so
    // the suspension arriving after it changes nothing.
    await manager.query(
      `UPDATE identity.users SET status = 'active', suspended_until = NULL, restriction_sequence = $2,
              updated_at = now()
       WHERE id = $1`,
      [userId, sequence],
    );
    if (user.status === 'suspended')
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR,
        action: IdentityAuditActions.accountReinstated,
        target: userTarget(userId),
      });
  }
}
