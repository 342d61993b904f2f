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

/**
 * A user review became visible: both sides wrote theirs, or the window closed with this one alone
 * (double-blind until then). For notifications: "a review of you was published".
 */
export interface UserReviewPublishedPayload {
  reviewId: string;
  revieweeId: string;
  /** The role the reviewee had in the rental: reviewed as a renter or as an owner. */
  role: 'renter' | 'owner';
  rating: number;
}

export const UserReviewPublished = defineEvent<UserReviewPublishedPayload>('review.UserReviewPublished');
