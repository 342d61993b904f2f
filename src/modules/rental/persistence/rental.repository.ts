import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { CancellationPolicy, RentalQuote, RentalStatus } from '../contracts/rental-api';
import type { RentalActor } from '../domain/rental-lifecycle';
import type { RentalRecord, RentalRow } from './rental-row';
import { RENTAL_COLUMNS, toRentalRecord } from './rental-row';

type Queryable = Pick<EntityManager, 'query'>;

export interface NewRental {
  productId: string;
  renterId: string;
  ownerId: string;
  startDate: string;
  endDate: string;
  bufferDays: number;
  notes: string | null;
  quote: RentalQuote;
  cancellationPolicy: CancellationPolicy;
  respondBy: Date;
}

export interface RentalChanges {
  status?: RentalStatus;
  notes?: string | null;
  cancelledBy?: 'renter' | 'owner';
  cancellationRefund?: number;
  returnedAt?: Date;
  completedAt?: Date;
}

export interface HistoryEntry {
  fromStatus: RentalStatus | null;
  toStatus: RentalStatus;
  actorRole: RentalActor;
  actorId: string | null;
  changedAt: string;
}

export interface RentalFilter {
  userId: string;
  as?: 'renter' | 'owner';
  status?: RentalStatus;
  page: number;
  limit: number;
}

/**
 * Plain SQL with explicit mapping: the hot paths (availability, booking) stay close to `pg`'s
 * speed, and every date leaves PostgreSQL already formatted as a calendar day.
 */
@Injectable()
export class RentalRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: Queryable, rental: NewRental, now: Date): Promise<RentalRecord> {
    const [row]: RentalRow[] = await m.query(
      `INSERT INTO rental.rentals AS r (id, product_id, renter_id, owner_id, start_date, end_date, buffer_days,
         period, status, notes, currency, rental_days, subtotal, platform_fee, deposit, total, respond_by,
         created_at, updated_at, cancellation_policy)
       VALUES ($1, $2, $3, $4, $5::date, $6::date, $7, daterange($5::date, $6::date + $7::int, '[)'),
         'requested', $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17)
       RETURNING ${RENTAL_COLUMNS}`,
      [
        randomUUID(),
        rental.productId,
        rental.renterId,
        rental.ownerId,
        rental.startDate,
        rental.endDate,
        rental.bufferDays,
        rental.notes,
        rental.quote.currency,
        rental.quote.rentalDays,
        rental.quote.subtotal,
        rental.quote.platformFee,
        rental.quote.deposit,
        rental.quote.total,
        rental.respondBy,
        now,
        rental.cancellationPolicy,
      ],
    );
    return toRentalRecord(row);
  }

  async findById(id: string, m: Queryable = this.dataSource): Promise<RentalRecord | null> {
    const [row]: RentalRow[] = await m.query(
      `SELECT ${RENTAL_COLUMNS} FROM rental.rentals r WHERE r.id = $1`,
      [id],
    );
    return row ? toRentalRecord(row) : null;
  }

  /** Applies the changes only if the rental is still at `version`; null when someone else won. */
  async updateAtVersion(
    m: Queryable,
    id: string,
    version: number,
    changes: RentalChanges,
    now: Date,
  ): Promise<RentalRecord | null> {
    const sets: string[] = [];
    const params: unknown[] = [id, version, now];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (changes.status !== undefined) set('status', changes.status);
    if (changes.notes !== undefined) set('notes', changes.notes);
    if (changes.cancelledBy !== undefined) set('cancelled_by', changes.cancelledBy);
    if (changes.cancellationRefund !== undefined) set('cancellation_refund', changes.cancellationRefund);
    if (changes.returnedAt !== undefined) set('returned_at', changes.returnedAt);
    if (changes.completedAt !== undefined) set('completed_at', changes.completedAt);
    const rows: RentalRow[] = await m.query(
      `UPDATE rental.rentals AS r SET ${sets.join(', ')}, version = r.version + 1, updated_at = $3
       WHERE r.id = $1 AND r.version = $2 RETURNING ${RENTAL_COLUMNS}`,
      params,
    );
    // TypeORM returns [rows, affected] for UPDATE ... RETURNING on PostgreSQL.
    const returned = (Array.isArray(rows[0]) ? rows[0] : rows) as RentalRow[];
    return returned[0] ? toRentalRecord(returned[0]) : null;
  }

  async insertHistory(m: Queryable, rentalId: string, entry: HistoryEntry): Promise<void> {
    await m.query(
      `INSERT INTO rental.rental_history (id, rental_id, from_status, to_status, actor_id, actor_role, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        randomUUID(),
        rentalId,
        entry.fromStatus,
        entry.toStatus,
        entry.actorId,
        entry.actorRole,
        entry.changedAt,
      ],
    );
  }

  async history(rentalId: string): Promise<HistoryEntry[]> {
    const rows: {
      from_status: RentalStatus | null;
      to_status: RentalStatus;
      actor_role: RentalActor;
      actor_id: string | null;
      changed_at: Date;
    }[] = await this.dataSource.query(
      `SELECT from_status, to_status, actor_role, actor_id, changed_at FROM rental.rental_history
       WHERE rental_id = $1
       ORDER BY changed_at, array_position(ARRAY['requested', 'accepted', 'active', 'returned', 'completed'], to_status)`,
      [rentalId],
    );
    return rows.map((r) => ({
      fromStatus: r.from_status,
      toStatus: r.to_status,
      actorRole: r.actor_role,
      actorId: r.actor_id,
      changedAt: r.changed_at.toISOString(),
    }));
  }

  /**
   * An owner's accepted rentals (every one whose history reached `accepted`) and those they then
   * cancelled (the only cancellation the lifecycle allows an owner), by the owner's index.
   */
  async ownerCounts(ownerId: string): Promise<{ accepted: number; cancelledByOwner: number }> {
    const [row]: { accepted: number; cancelled_by_owner: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM rental.rental_history h WHERE h.rental_id = r.id AND h.to_status = 'accepted'
              ))::int AS accepted,
              count(*) FILTER (WHERE r.cancelled_by = 'owner')::int AS cancelled_by_owner
       FROM rental.rentals r WHERE r.owner_id = $1`,
      [ownerId],
    );
    return { accepted: row.accepted, cancelledByOwner: row.cancelled_by_owner };
  }

  async list(filter: RentalFilter): Promise<{ items: RentalRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [filter.userId];
    if (filter.as === 'renter') where.push('r.renter_id = $1');
    else if (filter.as === 'owner') where.push('r.owner_id = $1');
    else where.push('(r.renter_id = $1 OR r.owner_id = $1)');
    if (filter.status) {
      params.push(filter.status);
      where.push(`r.status = $${params.length}`);
    }
    const clause = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM rental.rentals r WHERE ${clause}`,
      params,
    );
    const rows: RentalRow[] = await this.dataSource.query(
      `SELECT ${RENTAL_COLUMNS} FROM rental.rentals r WHERE ${clause}
       ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, (filter.page - 1) * filter.limit],
    );
    return { items: rows.map(toRentalRecord), total };
  }

  /** Every rental newest first, keyset on (created_at, id) with microseconds (ix_rentals_created). */
  async listAll(query: {
    before: { createdAt: string; id: string } | null;
    limit: number;
    status?: RentalStatus;
  }): Promise<{ items: (RentalRecord & { position: string })[]; hasMore: boolean }> {
    const rows: (RentalRow & { position: string })[] = await this.dataSource.query(
      `SELECT ${RENTAL_COLUMNS},
         to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
       FROM rental.rentals r
       WHERE ($1::timestamptz IS NULL OR (r.created_at, r.id) < ($1::timestamptz, $2::uuid))
         AND ($3::text IS NULL OR r.status = $3)
       ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
      [query.before?.createdAt ?? null, query.before?.id ?? null, query.status ?? null, query.limit + 1],
    );
    return {
      items: rows.slice(0, query.limit).map((row) => ({ ...toRentalRecord(row), position: row.position })),
      hasMore: rows.length > query.limit,
    };
  }
}
