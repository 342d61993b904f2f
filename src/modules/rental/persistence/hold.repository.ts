import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { primaryQuery } from '../../../platform/database/plain-reads';
import type { StayRange } from '../domain/stay-policy';

type Queryable = Pick<EntityManager, 'query'>;

export interface HeldRange extends StayRange {
  kind: 'booked' | 'blocked';
}

export interface BlockRecord {
  id: string;
  productId: string;
  startDate: string;
  endDate: string;
  reason: string | null;
  createdAt: string;
}

const BLOCK_COLUMNS = `id, product_id, to_char(start_date, 'YYYY-MM-DD') AS start_date,
  to_char(end_date, 'YYYY-MM-DD') AS end_date, reason, created_at`;

interface BlockRow {
  id: string;
  product_id: string;
  start_date: string;
  end_date: string;
  reason: string | null;
  created_at: Date;
}

const toBlock = (r: BlockRow): BlockRecord => ({
  id: r.id,
  productId: r.product_id,
  startDate: r.start_date,
  endDate: r.end_date,
  reason: r.reason,
  createdAt: r.created_at.toISOString(),
});

/** Reads of what holds a product's days, and the owner's blocks. Every range query uses the gist index. */
@Injectable()
export class HoldRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Queues the transaction behind any other one adding holds to the same product, until commit.
   * Not what prevents double booking (the exclusion constraints do that at any concurrency):
   * without it, two inserts of overlapping holds can each find the other's uncommitted index
   * entry and wait for each other, a deadlock PostgreSQL only breaks after deadlock_timeout (1 s).
   * Under a burst on one product that stretched answers to seconds; queued, each loser meets the
   * winner's committed row and gets its 23P01 at once. Transaction-scoped, so PgBouncer-safe.
   */
  async lockProductHolds(m: Queryable, productId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('rental.holds:' || $1, 0))`, [productId]);
  }

  /** Holds (rentals with their buffer, blocks) of a product overlapping [start, end). */
  async overlapping(productId: string, range: StayRange, m?: Queryable): Promise<HeldRange[]> {
    // Outside a transaction (every availability check) straight on the pool: see plain-reads.ts.
    const query = <T>(sql: string, params: unknown[]): Promise<T[]> =>
      m ? m.query(sql, params) : primaryQuery<T>(this.dataSource, sql, params);
    const rows = await query<{ start_date: string; end_date: string; kind: 'booked' | 'blocked' }>(
      `SELECT to_char(lower(period), 'YYYY-MM-DD') AS start_date, to_char(upper(period), 'YYYY-MM-DD') AS end_date,
              CASE WHEN rental_id IS NULL THEN 'blocked' ELSE 'booked' END AS kind
       FROM rental.holds
       WHERE product_id = $1 AND period && daterange($2::date, $3::date, '[)')
       ORDER BY lower(period)`,
      [productId, range.startDate, range.endDate],
    );
    return rows.map((r) => ({ startDate: r.start_date, endDate: r.end_date, kind: r.kind }));
  }

  async insertBlock(
    m: Queryable,
    block: {
      productId: string;
      createdBy: string;
      startDate: string;
      endDate: string;
      reason: string | null;
    },
  ): Promise<BlockRecord> {
    await this.lockProductHolds(m, block.productId);
    const [row]: BlockRow[] = await m.query(
      `INSERT INTO rental.blocks (id, product_id, created_by, start_date, end_date, period, reason)
       VALUES ($1, $2, $3, $4::date, $5::date, daterange($4::date, $5::date, '[)'), $6)
       RETURNING ${BLOCK_COLUMNS}`,
      [randomUUID(), block.productId, block.createdBy, block.startDate, block.endDate, block.reason],
    );
    return toBlock(row);
  }

  async deleteBlock(productId: string, blockId: string): Promise<boolean> {
    const [, affected] = await this.dataSource.query(
      'DELETE FROM rental.blocks WHERE id = $1 AND product_id = $2',
      [blockId, productId],
    );
    return affected > 0;
  }

  /** The product's blocks that have not ended before `today`. */
  async currentBlocks(productId: string, today: string): Promise<BlockRecord[]> {
    const rows: BlockRow[] = await this.dataSource.query(
      `SELECT ${BLOCK_COLUMNS} FROM rental.blocks WHERE product_id = $1 AND end_date > $2::date
       ORDER BY start_date LIMIT 1000`,
      [productId, today],
    );
    return rows.map(toBlock);
  }
}
