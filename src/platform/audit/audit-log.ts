import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { decodeKeysetCursor, encodeKeysetCursor, keysetTimestamp } from '../http/keyset-cursor';
import type { AuditDetails, AuditPage } from './audit-entry';

export interface AuditQuery {
  actorId?: string;
  targetType?: string;
  targetId?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

interface EntryRow {
  id: string;
  position_at: string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  network: string | null;
  details: AuditDetails;
}

const CURSOR_VERSION = 'au1';

const invalidCursor = () =>
  new DomainError('AUDIT.INVALID_CURSOR', 'validation', 'The cursor is not one this log gave', {
    errors: [{ field: 'cursor', message: 'cursor must be a nextCursor of a previous page' }],
  });

/** The admins' read of the audit log: newest first, filtered, in keyset pages on (occurred_at, id). */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(query: AuditQuery): Promise<AuditPage> {
    const position = query.cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, query.cursor);
    if (query.cursor !== undefined && position === null) throw invalidCursor();
    // On the primary (the default): an entry just written must be readable by the admin who asks.
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT id, ${keysetTimestamp('occurred_at')} AS position_at, actor_id, actor_role, action,
              target_type, target_id, request_id, network, details
       FROM audit.entries
       WHERE ($1::uuid IS NULL OR actor_id = $1::uuid)
         AND ($2::text IS NULL OR target_type = $2::text)
         AND ($3::text IS NULL OR target_id = $3::text)
         AND ($4::text IS NULL OR action = $4::text)
         AND ($5::timestamptz IS NULL OR occurred_at >= $5::timestamptz)
         AND ($6::timestamptz IS NULL OR occurred_at < $6::timestamptz)
         AND ($7::timestamptz IS NULL OR (occurred_at, id) < ($7::timestamptz, $8::uuid))
       ORDER BY occurred_at DESC, id DESC
       LIMIT $9`,
      [
        query.actorId ?? null,
        query.targetType ?? null,
        query.targetId ?? null,
        query.action ?? null,
        query.from ?? null,
        query.to ?? null,
        position?.at ?? null,
        position?.id ?? null,
        query.limit + 1,
      ],
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        id: row.id,
        occurredAt: row.position_at,
        actorId: row.actor_id,
        actorRole: row.actor_role,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        requestId: row.request_id,
        network: row.network,
        details: row.details,
      })),
      nextCursor:
        rows.length > query.limit && last
          ? encodeKeysetCursor(CURSOR_VERSION, { at: last.position_at, id: last.id })
          : null,
    };
  }
}
