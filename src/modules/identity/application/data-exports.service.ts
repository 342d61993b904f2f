import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import type { Page } from '../../../platform/http/pagination';
import { DataExportRequested } from '../contracts/identity.events';
import type { DataExportStatus, DataExportViewStatus } from '../domain/data-export-rules';
import { downloadDecision, exportFileName, viewStatus } from '../domain/data-export-rules';
import { DataExportErrors } from '../domain/data-export.errors';
import { IdentityErrors } from '../domain/identity.errors';
import { DataExportEntity } from '../persistence/data-export.entity';
import { uniqueViolationOf } from '../persistence/unique-violation';

export interface DataExportView {
  id: string;
  status: DataExportViewStatus;
  requestedAt: string;
  readyAt: string | null;
  expiresAt: string | null;
}

export interface DataExportDownload {
  fileName: string;
  document: Record<string, unknown>;
}

interface DataExportRow {
  id: string;
  status: DataExportStatus;
  requested_at: Date;
  completed_at: Date | null;
  expires_at: Date | null;
  has_document: boolean;
}

// Never the document itself: it can be large, and lists and status polls do not need it.
const SUMMARY = `id, status, requested_at, completed_at, expires_at, document IS NOT NULL AS has_document`;

const isPendingConflict = (e: unknown) => uniqueViolationOf(e) === 'uq_data_exports_pending';

function toView(row: DataExportRow, now: Date): DataExportView {
  const status = viewStatus(
    { status: row.status, expiresAt: row.expires_at, hasDocument: row.has_document },
    now,
  );
  return {
    id: row.id,
    status,
    requestedAt: row.requested_at.toISOString(),
    readyAt: row.status === 'ready' && row.completed_at ? row.completed_at.toISOString() : null,
    expiresAt: row.expires_at?.toISOString() ?? null,
  };
}

/**
 * The person's requests for a copy of their data. A request only records itself and tells the
 * assembler (DataExportRequested, same transaction); the document is built away from the request.
 */
/** Exports a person may ask for per 24 hours (429 with Retry-After beyond). */
export const EXPORTS_PER_DAY = 3;
/** Seconds until the oldest export of the last day leaves the window. */
const retryAfter = (oldest: Date | null) =>
  Math.max(1, Math.ceil(((oldest?.getTime() ?? Date.now()) + 86_400_000 - Date.now()) / 1000));

@Injectable()
export class DataExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /**
   * One export at a time: while one is pending, 409 EXPORT_IN_PROGRESS names it (the unique index
   * decides, whatever the races). Only an active account may ask: an erased account's access token
   * outlives it for a few minutes, and the share lock makes the erasure wait for this request (and
   * then delete its row) rather than slip between the check and the insert.
   */
  async request(userId: string): Promise<DataExportView> {
    for (let attempt = 0; ; attempt++) {
      const id = randomUUID();
      const requestedAt = new Date();
      try {
        await this.dataSource.transaction(async (manager) => {
          const [user]: { status: string }[] = await manager.query(
            'SELECT status FROM identity.users WHERE id = $1 FOR SHARE',
            [userId],
          );
          if (user?.status !== 'active') throw IdentityErrors.userNotFound();
          // Assembly asks every context for everything about the person, in identity's ordered
          // event delivery: a few a day is what a person needs. Counted from the table under the
          // user's lock (and one pending at a time), so a refused request does not use one up.
          const [recent]: { n: number; oldest: Date | null }[] = await manager.query(
            `SELECT count(*)::int AS n, min(requested_at) AS oldest FROM identity.data_exports
             WHERE user_id = $1 AND requested_at > now() - interval '1 day'`,
            [userId],
          );
          if (recent.n >= EXPORTS_PER_DAY) throw DataExportErrors.tooMany(retryAfter(recent.oldest));
          await manager.insert(DataExportEntity, { id, userId, status: 'pending', requestedAt });
          await this.outbox.publish(
            manager,
            'identity',
            DataExportRequested.create({ exportId: id, userId, requestedAt: requestedAt.toISOString() }),
          );
        });
        return {
          id,
          status: 'pending',
          requestedAt: requestedAt.toISOString(),
          readyAt: null,
          expiresAt: null,
        };
      } catch (error) {
        if (!isPendingConflict(error)) throw error;
        const [pending]: { id: string }[] = await this.dataSource.query(
          `SELECT id FROM identity.data_exports WHERE user_id = $1 AND status = 'pending'`,
          [userId],
        );
        if (pending) throw DataExportErrors.inProgress(pending.id);
        // It finished between the refused insert and this read: nothing is pending any more.
        if (attempt > 0) throw error;
      }
    }
  }

  async list(userId: string, page: number, limit: number): Promise<Page<DataExportView>> {
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<DataExportRow[]>(
        `SELECT ${SUMMARY} FROM identity.data_exports WHERE user_id = $1
         ORDER BY requested_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [userId, limit, (page - 1) * limit],
      ),
      this.dataSource.query<{ total: number }[]>(
        'SELECT count(*)::int AS total FROM identity.data_exports WHERE user_id = $1',
        [userId],
      ),
    ]);
    const now = new Date();
    return { items: rows.map((row) => toView(row, now)), page, limit, total };
  }

  /** Someone else's export is a 404, as an unknown one. */
  async get(userId: string, id: string): Promise<DataExportView> {
    const [row] = await this.dataSource.query<DataExportRow[]>(
      `SELECT ${SUMMARY} FROM identity.data_exports WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    if (!row) throw DataExportErrors.notFound();
    return toView(row, new Date());
  }

  async download(userId: string, id: string): Promise<DataExportDownload> {
    const [row] = await this.dataSource.query<
      (DataExportRow & { document: Record<string, unknown> | null })[]
    >(`SELECT ${SUMMARY}, document FROM identity.data_exports WHERE id = $1 AND user_id = $2`, [id, userId]);
    if (!row) throw DataExportErrors.notFound();
    const state = { status: row.status, expiresAt: row.expires_at, hasDocument: row.has_document };
    switch (downloadDecision(state, new Date())) {
      case 'not_ready':
        throw DataExportErrors.notReady();
      case 'failed':
        throw DataExportErrors.failed();
      case 'expired':
        throw DataExportErrors.expired();
      case 'download':
        return {
          fileName: exportFileName(row.completed_at ?? row.requested_at),
          document: row.document as Record<string, unknown>,
        };
    }
  }
}
