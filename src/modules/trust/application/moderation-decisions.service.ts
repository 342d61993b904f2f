import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { Outbox } from '../../../platform/events/outbox';
import { ContentRemoved, ListingHidden, ReportResolved } from '../contracts/trust.events';
import type { ModerationAction } from '../domain/moderation-rules';
import {
  actionFitsTarget,
  decisionProblems,
  outcomeOf,
  resolutionOf,
  sanctionOf,
} from '../domain/moderation-rules';
import { ModerationErrors, ReportErrors } from '../domain/report.errors';
import type { ReportResolution, ReportStatus } from '../domain/trust-vocabulary';
import type { LockedReport } from '../persistence/report-decision.store';
import { closeReports, lockReportWithTarget } from '../persistence/report-decision.store';
import { IdentityApi } from '../../identity';
import { reportTargetUser } from '../persistence/report-decision.store';
import { SanctionLedger } from './sanction-ledger';
import { assertSanctionable } from './sanctions.service';

export interface DecisionRequest {
  action: ModerationAction;
  reason?: string;
  note?: string;
  /** An instant (RFC 3339), for `suspend` only. */
  until?: string;
}

export interface DecisionView {
  reportId: string;
  action: ModerationAction;
  outcome: Exclude<ReportStatus, 'open'>;
  resolution: ReportResolution;
  /** The open reports of the target this decision closed, the decided one included. */
  closedReports: number;
  /** The sanction imposed, for warn, suspend and ban. */
  sanctionId: string | null;
  decidedAt: string;
}

/**
 * A moderator's decision on a report. One transaction: the target's open reports are locked and
 * all closed with the same outcome, the action's effect is recorded (an event for the context that
 * owns the content, or a sanction), each reporter is told (ReportResolved) and the audit trail
 * written. Two moderators deciding at once: one decision, and a 409 for the other.
 */
@Injectable()
export class ModerationDecisions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly sanctions: SanctionLedger,
    private readonly identity: IdentityApi,
  ) {}

  async decide(moderator: AuthUser, reportId: string, input: DecisionRequest): Promise<DecisionView> {
    const now = new Date();
    const until = input.until === undefined ? null : new Date(input.until);
    const problems = decisionProblems({ action: input.action, reason: input.reason, until }, now);
    if (problems.length > 0) throw ModerationErrors.invalidDecision(problems);
    const kind = sanctionOf(input.action);
    // Asked before the transaction (identity's answer takes a connection of its own); a report's
    // target never changes, so reading it unlocked here is safe.
    if (kind !== null) {
      const authorId = await reportTargetUser(this.dataSource.manager, reportId);
      // Their own case is refused below (422), whatever their role.
      if (authorId && authorId !== moderator.id) await assertSanctionable(this.identity, authorId, kind);
    }
    return this.dataSource.transaction(async (manager) => {
      const locked = await lockReportWithTarget(manager, reportId);
      if (!locked) throw ReportErrors.reportNotFound();
      const { report, open } = locked;
      if (!actionFitsTarget(input.action, report.targetType))
        throw ModerationErrors.actionNotForTarget(input.action, report.targetType);
      const partOfIt =
        report.targetUserId === moderator.id ||
        report.involvedUserIds.includes(moderator.id) ||
        open.some((r) => r.reporterId === moderator.id);
      if (partOfIt) throw ModerationErrors.cannotModerateOwn();
      if (report.status !== 'open') throw ModerationErrors.reportNotOpen(report.status);

      const outcome = outcomeOf(input.action);
      const resolution = resolutionOf(input.action);
      const decidedAt = await closeReports(
        manager,
        open.map((r) => r.id),
        {
          status: outcome,
          resolution,
          reason: input.reason ?? null,
          note: input.note ?? null,
          resolvedBy: moderator.id,
        },
      );
      const sanctionId = await this.apply(manager, moderator, report, open.length, input, until);
      await this.outbox.publish(
        manager,
        'trust',
        ...open.map((r) => ReportResolved.create({ reportId: r.id, reporterId: r.reporterId, outcome })),
      );
      return {
        reportId,
        action: input.action,
        outcome,
        resolution,
        closedReports: open.length,
        sanctionId,
        decidedAt,
      };
    });
  }

  /** The action's effect; a sanction audits itself, every other action is audited here. */
  private async apply(
    manager: EntityManager,
    moderator: AuthUser,
    report: LockedReport,
    closed: number,
    input: DecisionRequest,
    until: Date | null,
  ): Promise<string | null> {
    const authorId = report.targetUserId;
    const reason = input.reason ?? '';
    const kind = sanctionOf(input.action);
    if (kind !== null) {
      if (authorId === null) throw ModerationErrors.actionNotForTarget(input.action, report.targetType);
      const sanction = await this.sanctions.impose(manager, {
        userId: authorId,
        kind,
        reason,
        until,
        reportId: report.id,
        moderator,
      });
      return sanction.id;
    }
    const details = { reportId: report.id, reportsClosed: closed };
    switch (input.action) {
      case 'dismiss':
        await this.audit.record(manager, {
          actor: moderator,
          action: 'trust.report_dismissed',
          target: { type: 'report', id: report.id },
          details: { ...details, targetType: report.targetType, targetId: report.targetId },
        });
        return null;
      case 'hide_listing':
        if (authorId === null) throw ModerationErrors.actionNotForTarget(input.action, report.targetType);
        await this.outbox.publish(
          manager,
          'trust',
          ListingHidden.create({
            productId: report.targetId,
            ownerId: authorId,
            reason,
            reportId: report.id,
          }),
        );
        await this.audit.record(manager, {
          actor: moderator,
          action: 'trust.listing_hidden',
          target: { type: 'listing', id: report.targetId },
          details: { ...details, ownerId: authorId },
        });
        return null;
      case 'remove_content': {
        const targetType = report.targetType;
        if (authorId === null || (targetType !== 'message' && targetType !== 'review'))
          throw ModerationErrors.actionNotForTarget(input.action, targetType);
        await this.outbox.publish(
          manager,
          'trust',
          ContentRemoved.create({ targetType, targetId: report.targetId, authorId, reportId: report.id }),
        );
        await this.audit.record(manager, {
          actor: moderator,
          action: 'trust.content_removed',
          target: { type: targetType, id: report.targetId },
          details: { ...details, authorId },
        });
        return null;
      }
      default:
        throw new Error(`Unhandled moderation action: ${input.action}`);
    }
  }
}
