import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor';
import { BlockErrors } from '../domain/block.errors';
import { ReportErrors } from '../domain/report.errors';
import type { ReportStatus, ReportTargetType } from '../domain/trust-vocabulary';
import type { QueuedReport } from '../persistence/report-queue.store';
import {
  otherReportsOnTarget,
  queuedReport,
  reportQueue,
  reportsOnOtherTargetsOf,
} from '../persistence/report-queue.store';
import type { ReportRecord } from '../persistence/report.store';
import type { SanctionRow } from '../persistence/sanction.store';
import { sanctionsOf } from '../persistence/sanction.store';

/** Each list of a report's history holds its newest this many: enough to see a pattern. */
export const HISTORY_LIMIT = 50;

/** A report as a moderator sees it. */
export interface AdminReportView {
  id: string;
  reporterId: string;
  targetType: ReportTargetType;
  targetId: string;
  targetUserId: string | null;
  target: Record<string, unknown>;
  reason: ReportRecord['reason'];
  note: string | null;
  status: ReportStatus;
  resolution: ReportRecord['resolution'];
  resolutionReason: string | null;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  openReportsOnTarget: number;
}

/** Another report in a report's history: no snapshot (the target's is the report's own). */
export type ReportHistoryView = Omit<AdminReportView, 'target' | 'openReportsOnTarget' | 'targetUserId'>;

/** A sanction in a report's history: what was imposed, by whom, and whether it was lifted. */
export interface SanctionHistoryItem {
  id: string;
  kind: SanctionRow['kind'];
  reason: string;
  reportId: string | null;
  imposedBy: string | null;
  startsAt: string;
  endsAt: string | null;
  liftedAt: string | null;
}

const toSanctionHistory = (s: SanctionRow): SanctionHistoryItem => ({
  id: s.id,
  kind: s.kind,
  reason: s.reason,
  reportId: s.reportId,
  imposedBy: s.imposedBy,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt?.toISOString() ?? null,
  liftedAt: s.liftedAt?.toISOString() ?? null,
});

export interface AdminReportDetail {
  report: AdminReportView;
  otherReportsOnTarget: ReportHistoryView[];
  reportsOnOtherTargetsOfUser: ReportHistoryView[];
  sanctionsOfUser: SanctionHistoryItem[];
}

export interface AdminReportPage {
  items: AdminReportView[];
  nextCursor: string | null;
}

export interface QueueQuery {
  status: ReportStatus;
  targetType?: ReportTargetType;
  cursor?: string;
  limit: number;
}

const toHistory = (r: ReportRecord): ReportHistoryView => ({
  id: r.id,
  reporterId: r.reporterId,
  targetType: r.targetType,
  targetId: r.targetId,
  reason: r.reason,
  note: r.note,
  status: r.status,
  resolution: r.resolution,
  resolutionReason: r.resolutionReason,
  resolutionNote: r.resolutionNote,
  resolvedBy: r.resolvedBy,
  resolvedAt: r.resolvedAt,
  createdAt: r.createdAt,
});

const toAdminView = (r: QueuedReport): AdminReportView => ({
  ...toHistory(r),
  targetUserId: r.targetUserId,
  target: r.targetSnapshot,
  openReportsOnTarget: r.openReportsOnTarget,
});

/** The moderators' view of reports: the queue, and one report with its target's and author's history. */
@Injectable()
export class ReportQueue {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Open reports oldest first (first come, first served); decided ones newest first. */
  async page(query: QueueQuery): Promise<AdminReportPage> {
    // The status is part of the cursor's version: a cursor of one list is refused by another.
    const version = `aq1.${query.status}`;
    const position = query.cursor === undefined ? null : decodeKeysetCursor(version, query.cursor);
    if (query.cursor !== undefined && position === null) throw BlockErrors.invalidCursor();
    const { rows, hasMore } = await reportQueue(
      this.dataSource.manager,
      {
        status: query.status,
        targetType: query.targetType ?? null,
        order: query.status === 'open' ? 'oldest' : 'newest',
      },
      position,
      query.limit,
    );
    const last = rows.at(-1);
    return {
      items: rows.map(toAdminView),
      nextCursor: hasMore && last ? encodeKeysetCursor(version, { at: last.createdAt, id: last.id }) : null,
    };
  }

  async detail(reportId: string): Promise<AdminReportDetail> {
    const manager = this.dataSource.manager;
    const report = await queuedReport(manager, reportId);
    if (!report) throw ReportErrors.reportNotFound();
    const [sameTarget, otherTargets, sanctions] = await Promise.all([
      otherReportsOnTarget(manager, report, HISTORY_LIMIT),
      reportsOnOtherTargetsOf(manager, report, HISTORY_LIMIT),
      report.targetUserId === null
        ? { rows: [] }
        : sanctionsOf(manager, report.targetUserId, null, HISTORY_LIMIT),
    ]);
    return {
      report: toAdminView(report),
      otherReportsOnTarget: sameTarget.map(toHistory),
      reportsOnOtherTargetsOfUser: otherTargets.map(toHistory),
      sanctionsOfUser: sanctions.rows.map(toSanctionHistory),
    };
  }
}
