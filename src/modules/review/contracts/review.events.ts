import { defineEvent } from '../../../platform/events/integration-event';

export interface RatingSummary {
  average: number | null;
  count: number;
}

/** A product's published reviews changed: its new rating summary. */
export const ProductRatingChanged = defineEvent<{ productId: string } & RatingSummary>(
  'review.ProductRatingChanged',
);
/**
 * A user's published reviews (as renter or owner) changed. The summary covers both roles together;
 * the per-role figures are at GET /api/v1/review/users/:id/review-stats.
 */
export const UserRatingChanged = defineEvent<{ userId: string } & RatingSummary>('review.UserRatingChanged');
