import type { EntityManager } from 'typeorm';
import type { ReviewRole } from '../domain/review-eligibility';

export interface RevealedReview {
  id: string;
  revieweeId: string;
  role: ReviewRole;
  rating: number;
}

/** One rental's reviews are decided one at a time: the second reviewer always sees the first. */
export async function lockRental(manager: EntityManager, rentalId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`review:rental:${rentalId}`]);
}

/** The other party's review of the same rental, hidden or not. */
export async function counterpartReviewId(
  manager: EntityManager,
  rentalId: string,
  reviewerId: string,
): Promise<string | null> {
  const [row] = await manager.query(
    'SELECT id FROM review.user_reviews WHERE rental_id = $1 AND reviewer_id = $2',
    [rentalId, reviewerId],
  );
  return row?.id ?? null;
}

/**
 * Makes hidden reviews visible. Only rows still hidden are changed and returned, so a review the
 * job and a second submission both try to reveal is counted in the stats exactly once. A review a
 * moderator removed is never revealed (nor counted).
 */
export async function reveal(manager: EntityManager, ids: string[], at: Date): Promise<RevealedReview[]> {
  if (ids.length === 0) return [];
  const [rows] = await manager.query(
    `UPDATE review.user_reviews SET visible_at = $2, updated_at = now()
     WHERE id = ANY($1::uuid[]) AND visible_at IS NULL AND removed_at IS NULL
     RETURNING id, reviewee_id, role, rating`,
    [ids, at],
  );
  return (rows as { id: string; reviewee_id: string; role: ReviewRole; rating: number }[]).map((r) => ({
    id: r.id,
    revieweeId: r.reviewee_id,
    role: r.role,
    rating: r.rating,
  }));
}

/** Hidden reviews whose window has closed, oldest first; rows other instances hold are skipped. */
export async function closedWindowReviewIds(
  manager: EntityManager,
  now: Date,
  limit: number,
): Promise<string[]> {
  const rows = await manager.query(
    `SELECT id FROM review.user_reviews
     WHERE visible_at IS NULL AND window_closes_at <= $1 AND removed_at IS NULL
     ORDER BY window_closes_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows.map((r: { id: string }) => r.id);
}
