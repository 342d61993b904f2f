import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../../../platform/audit/audit-entry';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { Outbox } from '../../../platform/events/outbox';
import { UserReinstated, UserSuspended, UserWarned } from '../contracts/trust.events';
import type { Restriction } from '../domain/sanction-rules';
import { changeToTell, restrictionOf, sanctionTermViolations } from '../domain/sanction-rules';
import { SanctionErrors } from '../domain/sanction.errors';
import type { SanctionKind } from '../domain/trust-vocabulary';
import type { SanctionRow } from '../persistence/sanction.store';
import {
  findSanction,
  insertSanction,
  markEnded,
  markLifted,
  unsettledRestrictionsOf,
} from '../persistence/sanction.store';

export interface ImposeSanction {
  userId: string;
  kind: SanctionKind;
  /** Shown to the user. */
  reason: string;
  /** Required for a suspension (in the future, within 365 days), absent otherwise. */
  until: Date | null;
  reportId: string | null;
  moderator: AuthUser;
}

export interface LiftSanction {
  sanctionId: string;
  /** For other moderators; the user is not shown it. */
  note: string | null;
  moderator: AuthUser;
}

export type SanctionRecord = SanctionRow;

/** The serialisation point of one user's sanctions: imposing, lifting and expiring take it first. */
export async function lockSanctionsOf(manager: EntityManager, userId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`trust:sanctions:${userId}`]);
}

/** The next restriction event's sequence; taken under lockSanctionsOf, so one user's grow in order. */
async function nextRestrictionSequence(manager: EntityManager): Promise<number> {
  const [{ sequence }] = await manager.query(
    "SELECT nextval('trust.restriction_event_seq')::float8 AS sequence",
  );
  return sequence as number;
}

const auditAction: Record<SanctionKind, string> = {
  warning: 'trust.user_warned',
  suspension: 'trust.user_suspended',
  ban: 'trust.user_banned',
};

/**
 * Every change to a user's sanctions, in the caller's transaction, with the integration events
 * and audit entries it makes, so all of it commits together; serialised per user (lockSanctionsOf).
 *
 * What the other contexts were last told restricts a user is kept in the table itself: the
 * suspensions and bans neither lifted nor marked expired. Each change first marks the suspensions
 * that ended by then as expired, then compares the restriction before and after: UserReinstated
 * when none is left (so exactly once per restriction, whichever of a lift, an expiry or a later
 * change notices it first), UserSuspended again when its end moved, nothing otherwise.
 */
@Injectable()
export class SanctionLedger {
  constructor(
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Records a sanction. The target's existence is the caller's to check (through IdentityApi); the
   * term and "not oneself" are checked here (422), so every caller gets the same rules.
   */
  async impose(manager: EntityManager, input: ImposeSanction, now = new Date()): Promise<SanctionRecord> {
    if (input.userId === input.moderator.id) throw SanctionErrors.cannotSanctionSelf('userId');
    const violations = sanctionTermViolations(input.kind, input.until, now);
    if (violations.length > 0) throw SanctionErrors.invalidTerm(violations);
    await lockSanctionsOf(manager, input.userId);
    const before = restrictionOf(await unsettledRestrictionsOf(manager, input.userId));
    await markEnded(manager, input.userId, now);
    const record = await insertSanction(manager, {
      id: randomUUID(),
      userId: input.userId,
      kind: input.kind,
      reason: input.reason,
      reportId: input.reportId,
      imposedBy: input.moderator.id,
      startsAt: now,
      endsAt: input.kind === 'suspension' ? input.until : null,
    });
    const after = restrictionOf(await unsettledRestrictionsOf(manager, input.userId));
    if (record.kind === 'warning') {
      await this.outbox.publish(
        manager,
        'trust',
        UserWarned.create({ userId: record.userId, sanctionId: record.id }),
      );
      // A suspension that ended unnoticed by the expiry job yet is dealt with here, as any change does.
      await this.tell(manager, record.userId, before, after);
    } else {
      await this.outbox.publish(
        manager,
        'trust',
        UserSuspended.create({
          userId: record.userId,
          sanctionId: record.id,
          kind: record.kind,
          until: after?.until?.toISOString() ?? null,
          sequence: await nextRestrictionSequence(manager),
        }),
      );
    }
    await this.audit.record(manager, {
      actor: input.moderator,
      action: auditAction[record.kind],
      target: { type: 'user', id: record.userId },
      details: {
        sanctionId: record.id,
        reportId: record.reportId,
        until: record.endsAt?.toISOString() ?? null,
        // The user's restriction as a whole afterwards: whether one stands, and its end (null: a ban).
        restricted: after !== null,
        restrictedUntil: after?.until?.toISOString() ?? null,
      },
    });
    return record;
  }

  /** Lifts a standing suspension or ban (404 unknown, 422 one's own, 409 a warning, ended or lifted). */
  async lift(manager: EntityManager, input: LiftSanction, now = new Date()): Promise<SanctionRecord> {
    const found = await findSanction(manager, input.sanctionId);
    if (!found) throw SanctionErrors.sanctionNotFound();
    if (found.userId === input.moderator.id) throw SanctionErrors.cannotSanctionSelf('sanctionId');
    await lockSanctionsOf(manager, found.userId);
    const sanction = (await findSanction(manager, input.sanctionId, true)) as SanctionRow;
    if (sanction.kind === 'warning') throw SanctionErrors.notStanding('warning');
    if (sanction.liftedAt) throw SanctionErrors.notStanding('lifted');
    if (sanction.expiredAt || (sanction.endsAt && sanction.endsAt <= now))
      throw SanctionErrors.notStanding('ended');
    const before = restrictionOf(await unsettledRestrictionsOf(manager, sanction.userId));
    const lifted = await markLifted(manager, sanction.id, input.moderator.id, input.note, now);
    await markEnded(manager, sanction.userId, now);
    const after = restrictionOf(await unsettledRestrictionsOf(manager, sanction.userId));
    const told = await this.tell(manager, sanction.userId, before, after);
    await this.audit.record(manager, {
      actor: input.moderator,
      action: 'trust.sanction_lifted',
      target: { type: 'user', id: sanction.userId },
      details: {
        sanctionId: sanction.id,
        kind: sanction.kind,
        reinstated: told === 'reinstated',
        // The user's restriction as a whole afterwards: whether one stands, and its end (null: a ban).
        restricted: after !== null,
        restrictedUntil: after?.until?.toISOString() ?? null,
      },
    });
    return lifted;
  }

  /**
   * Deals with the user's suspensions that ended by `now` (the expiry job): marks them expired and
   * reinstates the user when nothing else restricts them. False when none had ended.
   */
  async expire(manager: EntityManager, userId: string, now: Date): Promise<boolean> {
    await lockSanctionsOf(manager, userId);
    const before = restrictionOf(await unsettledRestrictionsOf(manager, userId));
    const ended = await markEnded(manager, userId, now);
    if (ended.length === 0) return false;
    const after = restrictionOf(await unsettledRestrictionsOf(manager, userId));
    if ((await this.tell(manager, userId, before, after)) === 'reinstated')
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR,
        action: 'trust.user_reinstated',
        target: { type: 'user', id: userId },
        details: { expiredSanctions: ended.length },
      });
    return true;
  }

  /** Publishes what changed in the user's restriction, if anything. */
  private async tell(
    manager: EntityManager,
    userId: string,
    before: Restriction | null,
    after: Restriction | null,
  ): Promise<'reinstated' | 'restricted' | 'nothing'> {
    const change = changeToTell(before, after);
    if (change === 'reinstated')
      await this.outbox.publish(
        manager,
        'trust',
        UserReinstated.create({ userId, sequence: await nextRestrictionSequence(manager) }),
      );
    if (change === 'restricted' && after)
      await this.outbox.publish(
        manager,
        'trust',
        UserSuspended.create({
          userId,
          sanctionId: after.governing.id,
          kind: after.governing.kind,
          until: after.until?.toISOString() ?? null,
          sequence: await nextRestrictionSequence(manager),
        }),
      );
    return change;
  }
}
