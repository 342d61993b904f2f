import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { Outbox } from '../../../platform/events/outbox';
import { UserSuspended, UserWarned } from '../contracts/trust.events';
import type { SanctionKind } from '../domain/trust-vocabulary';

export interface ImposeSanction {
  userId: string;
  kind: SanctionKind;
  /** Shown to the user. */
  reason: string;
  /** Required for a suspension, absent otherwise. */
  until: Date | null;
  reportId: string | null;
  moderator: AuthUser;
}

export interface SanctionRecord {
  id: string;
  userId: string;
  kind: SanctionKind;
  reason: string;
  reportId: string | null;
  startsAt: Date;
  endsAt: Date | null;
}

/** The serialisation point of one user's sanctions: imposing, lifting and expiring take it first. */
export async function lockSanctionsOf(manager: EntityManager, userId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`trust:sanctions:${userId}`]);
}

/**
 * Records a sanction in the caller's transaction, with its integration event and audit entry, so
 * the three commit together. Validation (the user exists, `until` is in the future) is the
 * caller's: this is the write.
 */
@Injectable()
export class SanctionLedger {
  constructor(
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async impose(manager: EntityManager, input: ImposeSanction, now = new Date()): Promise<SanctionRecord> {
    await lockSanctionsOf(manager, input.userId);
    const record: SanctionRecord = {
      id: randomUUID(),
      userId: input.userId,
      kind: input.kind,
      reason: input.reason,
      reportId: input.reportId,
      startsAt: now,
      endsAt: input.kind === 'suspension' ? input.until : null,
    };
    await manager.query(
      `INSERT INTO trust.sanctions (id, user_id, kind, reason, report_id, imposed_by, starts_at, ends_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.id,
        record.userId,
        record.kind,
        record.reason,
        record.reportId,
        input.moderator.id,
        record.startsAt,
        record.endsAt,
      ],
    );
    const event =
      record.kind === 'warning'
        ? UserWarned.create({ userId: record.userId, sanctionId: record.id })
        : UserSuspended.create({
            userId: record.userId,
            sanctionId: record.id,
            kind: record.kind,
            until: record.endsAt?.toISOString() ?? null,
          });
    await this.outbox.publish(manager, 'trust', event);
    await this.audit.record(manager, {
      actor: input.moderator,
      action: `trust.user_${record.kind === 'warning' ? 'warned' : record.kind === 'ban' ? 'banned' : 'suspended'}`,
      target: { type: 'user', id: record.userId },
      details: {
        sanctionId: record.id,
        reportId: record.reportId,
        until: record.endsAt?.toISOString() ?? null,
      },
    });
    return record;
  }
}
