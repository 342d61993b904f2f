import type { EntityManager } from 'typeorm';
import type { RatingStats } from '../domain/rating-stats';
import { emptyStats } from '../domain/rating-stats';
import type { ReviewRole } from '../domain/review-eligibility';

const STAT_COLUMNS = 'review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5';
const ADD = `review_count = s.review_count + EXCLUDED.review_count, rating_sum = s.rating_sum + EXCLUDED.rating_sum,
  stars_1 = s.stars_1 + EXCLUDED.stars_1, stars_2 = s.stars_2 + EXCLUDED.stars_2,
  stars_3 = s.stars_3 + EXCLUDED.stars_3, stars_4 = s.stars_4 + EXCLUDED.stars_4,
  stars_5 = s.stars_5 + EXCLUDED.stars_5, updated_at = now()`;

interface StatsRow {
  review_count: number;
  rating_sum: number;
  stars_1: number;
  stars_2: number;
  stars_3: number;
  stars_4: number;
  stars_5: number;
}

function toStats(row: StatsRow | undefined): RatingStats {
  if (!row) return emptyStats();
  return {
    count: row.review_count,
    sum: row.rating_sum,
    distribution: [row.stars_1, row.stars_2, row.stars_3, row.stars_4, row.stars_5],
  };
}

const deltaParams = (d: RatingStats) => [d.count, d.sum, ...d.distribution];

/**
 * Adds a delta in one atomic upsert and returns the stats it produced. The row lock it takes is
 * held until commit, so concurrent additions serialise and none is lost.
 */
export async function addProductStats(
  manager: EntityManager,
  productId: string,
  delta: RatingStats,
): Promise<RatingStats> {
  const [row] = await manager.query(
    `INSERT INTO review.product_rating_stats AS s (product_id, ${STAT_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (product_id) DO UPDATE SET ${ADD} RETURNING ${STAT_COLUMNS}`,
    [productId, ...deltaParams(delta)],
  );
  return toStats(row);
}

export async function addUserStats(
  manager: EntityManager,
  userId: string,
  role: ReviewRole,
  delta: RatingStats,
): Promise<RatingStats> {
  const [row] = await manager.query(
    `INSERT INTO review.user_rating_stats AS s (user_id, role, ${STAT_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (user_id, role) DO UPDATE SET ${ADD} RETURNING ${STAT_COLUMNS}`,
    [userId, role, ...deltaParams(delta)],
  );
  return toStats(row);
}

/** `column = column + $n` for each stat column, its delta bound from parameter `$first` on. */
const plusParams = (first: number) =>
  STAT_COLUMNS.split(', ')
    .map((column, i) => `${column} = ${column} + $${first + i}`)
    .join(', ');

/**
 * Takes removed ratings out (a delta of negative counts) of a row that counts them. A plain UPDATE,
 * not the upsert: the row proposed for insertion would fail the consistency check, and there is
 * nothing to take out of a row that does not exist. Returns the stats it produced.
 */
export async function subtractProductStats(
  manager: EntityManager,
  productId: string,
  removal: RatingStats,
): Promise<RatingStats> {
  const [rows] = await manager.query(
    `UPDATE review.product_rating_stats SET ${plusParams(2)}, updated_at = now()
     WHERE product_id = $1 RETURNING ${STAT_COLUMNS}`,
    [productId, ...deltaParams(removal)],
  );
  return toStats(rows[0]);
}

export async function subtractUserStats(
  manager: EntityManager,
  userId: string,
  role: ReviewRole,
  removal: RatingStats,
): Promise<RatingStats> {
  const [rows] = await manager.query(
    `UPDATE review.user_rating_stats SET ${plusParams(3)}, updated_at = now()
     WHERE user_id = $1 AND role = $2 RETURNING ${STAT_COLUMNS}`,
    [userId, role, ...deltaParams(removal)],
  );
  return toStats(rows[0]);
}

export async function productStats(manager: EntityManager, productId: string): Promise<RatingStats> {
  const [row] = await manager.query(
    `SELECT ${STAT_COLUMNS} FROM review.product_rating_stats WHERE product_id = $1`,
    [productId],
  );
  return toStats(row);
}

export async function userStats(
  manager: EntityManager,
  userId: string,
): Promise<Record<ReviewRole, RatingStats>> {
  const rows: (StatsRow & { role: ReviewRole })[] = await manager.query(
    `SELECT role, ${STAT_COLUMNS} FROM review.user_rating_stats WHERE user_id = $1`,
    [userId],
  );
  return {
    renter: toStats(rows.find((r) => r.role === 'renter')),
    owner: toStats(rows.find((r) => r.role === 'owner')),
  };
}
