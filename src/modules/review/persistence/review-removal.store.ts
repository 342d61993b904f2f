import type { EntityManager } from 'typeorm';
import type { ReviewRole } from '../domain/review-eligibility';
import type { RevealedReview } from './user-review.store';

/**
 * Marks a user review removed, once: the review as it was when removed (whether it counted in the
 * stats: `visible`), or null when there is none or it was removed already. The row lock orders it
 * with a reveal of the same review, which then leaves it hidden.
 */
export async function markUserReviewRemoved(
  manager: EntityManager,
  id: string,
  at: Date,
): Promise<(RevealedReview & { visible: boolean }) | null> {
  const [rows] = await manager.query(
    `UPDATE review.user_reviews SET removed_at = $2, updated_at = now()
     WHERE id = $1 AND removed_at IS NULL
     RETURNING id, reviewee_id, role, rating, visible_at IS NOT NULL AS visible`,
    [id, at],
  );
  const row = (
    rows as { id: string; reviewee_id: string; role: ReviewRole; rating: number; visible: boolean }[]
  )[0];
  return row
    ? { id: row.id, revieweeId: row.reviewee_id, role: row.role, rating: row.rating, visible: row.visible }
    : null;
}

/** The same for a product review (always public, so always counted): its product and rating. */
export async function markProductReviewRemoved(
  manager: EntityManager,
  id: string,
  at: Date,
): Promise<{ productId: string; rating: number } | null> {
  const [rows] = await manager.query(
    `UPDATE review.product_reviews SET removed_at = $2, updated_at = now()
     WHERE id = $1 AND removed_at IS NULL RETURNING product_id, rating`,
    [id, at],
  );
  const row = (rows as { product_id: string; rating: number }[])[0];
  return row ? { productId: row.product_id, rating: row.rating } : null;
}
