import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor';
import { IdentityApi } from '../../identity';
import type { ReportableContent } from '../contracts/reportable-content';
import { BlockErrors } from '../domain/block.errors';
import { ReportErrors } from '../domain/report.errors';
import { reportProblems } from '../domain/report-rules';
import type { ReportReason, ReportStatus, ReportTargetType } from '../domain/trust-vocabulary';
import type { ReportRecord } from '../persistence/report.store';
import { insertOpenReport, reportOfReporter, reportsOfReporter } from '../persistence/report.store';
import { ReportableContentSources } from './reportable-content-sources';

export interface FileReport {
  targetType: ReportTargetType;
  targetId: string;
  reason: ReportReason;
  note?: string;
}

/** A report as its reporter sees it: what they said and where it stands, never who decided or why inside. */
export interface ReportView {
  id: string;
  targetType: ReportTargetType;
  targetId: string;
  reason: ReportReason;
  note: string | null;
  status: ReportStatus;
  createdAt: string;
  resolvedAt: string | null;
}

export interface ReportPage {
  items: ReportView[];
  nextCursor: string | null;
}

const CURSOR_VERSION = 'rp1';

export const toReportView = (r: ReportRecord): ReportView => ({
  id: r.id,
  targetType: r.targetType,
  targetId: r.targetId,
  reason: r.reason,
  note: r.note,
  status: r.status,
  createdAt: r.createdAt,
  resolvedAt: r.resolvedAt,
});

/**
 * Users' reports of listings, people, messages and reviews. Filing one changes nothing for the
 * target: it stays as it was until a moderator decides.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: IdentityApi,
    private readonly content: ReportableContentSources,
  ) {}

  async file(reporterId: string, input: FileReport): Promise<ReportView> {
    const problems = reportProblems(input.reason, input.note);
    if (problems.length > 0) throw ReportErrors.invalidReport(problems);
    const target = await this.describe(input.targetType, input.targetId, reporterId);
    if (!target) throw ReportErrors.targetNotFound();
    if (target.authorId === reporterId) throw ReportErrors.cannotReportOwn();
    const stored = await insertOpenReport(this.dataSource.manager, {
      reporterId,
      targetType: input.targetType,
      targetId: input.targetId,
      targetUserId: target.authorId,
      involvedUserIds: [...new Set(target.involvedIds ?? [])].filter((id) => id !== target.authorId),
      targetSnapshot: target.snapshot,
      reason: input.reason,
      note: input.note ?? null,
    });
    if ('openReportId' in stored) throw ReportErrors.alreadyOpen(stored.openReportId);
    return toReportView(stored.report);
  }

  async get(reporterId: string, reportId: string): Promise<ReportView> {
    const report = await reportOfReporter(this.dataSource.manager, reportId, reporterId);
    if (!report) throw ReportErrors.reportNotFound();
    return toReportView(report);
  }

  /** Newest first; keyset pages on (createdAt, id). */
  async list(reporterId: string, cursor: string | undefined, limit: number): Promise<ReportPage> {
    const position = cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, cursor);
    if (cursor !== undefined && position === null) throw BlockErrors.invalidCursor();
    // On the primary: a report just filed must be in the list its reporter reads next.
    const { rows, hasMore } = await reportsOfReporter(this.dataSource.manager, reporterId, position, limit);
    const last = rows.at(-1);
    return {
      items: rows.map(toReportView),
      nextCursor:
        hasMore && last ? encodeKeysetCursor(CURSOR_VERSION, { at: last.createdAt, id: last.id }) : null,
    };
  }

  /** What the reporter can see of the target now, or null when they cannot see it (or it is not there). */
  private async describe(
    type: ReportTargetType,
    targetId: string,
    reporterId: string,
  ): Promise<ReportableContent | null> {
    if (type !== 'user') return this.content.describe(type, targetId, reporterId);
    const user = await this.identity.findPublicUser(targetId);
    if (!user) return null;
    return {
      authorId: user.id,
      snapshot: {
        displayName: user.displayName,
        avatarUrl: user.avatarUrl,
        city: user.city,
        country: user.country,
        memberSince: user.memberSince,
      },
    };
  }
}
