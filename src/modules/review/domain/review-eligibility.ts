import { ReviewErrors } from './review.errors';
import { isWindowOpen, REVIEW_WINDOW_DAYS, windowClosesAt } from './review-window';

export type ReviewRole = 'renter' | 'owner';

/** What the rules need to know of a rental (the rentals context's snapshot fits). */
export interface RentalFacts {
  id: string;
  productId: string;
  renterId: string;
  ownerId: string;
  status: string;
  completedAt: string | null;
}

export interface UserReviewRequest {
  reviewerId: string;
  revieweeId: string;
  /** The reviewee's role in the rental: a renter reviews the owner (`owner`) and vice versa. */
  role: ReviewRole;
}

/** A completed rental's review window, or why it is not open. Throws the matching DomainError. */
function openWindow(rental: RentalFacts, now: Date, windowDays: number): Date {
  if (rental.status !== 'completed' || rental.completedAt === null)
    throw ReviewErrors.rentalNotCompleted(rental.status);
  const completedAt = new Date(rental.completedAt);
  const closesAt = windowClosesAt(completedAt, windowDays);
  if (!isWindowOpen(completedAt, now, windowDays)) throw ReviewErrors.windowClosed(closesAt.toISOString());
  return closesAt;
}

/**
 * A user review needs a completed rental in which both people took part, written by one about the
 * other, inside the window. Returns when the window closes (the latest the review stays hidden).
 * Someone outside the rental learns nothing about it: not found.
 */
export function checkUserReview(
  rental: RentalFacts | null,
  request: UserReviewRequest,
  now: Date,
  windowDays = REVIEW_WINDOW_DAYS,
): { windowClosesAt: Date; productId: string } {
  const { reviewerId, revieweeId, role } = request;
  if (!rental || (reviewerId !== rental.renterId && reviewerId !== rental.ownerId))
    throw ReviewErrors.rentalNotFound();
  const counterpart = reviewerId === rental.renterId ? rental.ownerId : rental.renterId;
  if (revieweeId !== counterpart)
    throw ReviewErrors.wrongReviewee('revieweeId', 'revieweeId must be the other person of the rental');
  const expectedRole: ReviewRole = revieweeId === rental.ownerId ? 'owner' : 'renter';
  if (role !== expectedRole)
    throw ReviewErrors.wrongReviewee(
      'role',
      `role must be '${expectedRole}': the reviewee's role in the rental`,
    );
  return { windowClosesAt: openWindow(rental, now, windowDays), productId: rental.productId };
}

export interface ProductFacts {
  id: string;
  ownerId: string;
  deleted: boolean;
  status: string;
}

/** Listings only their owner sees: awaiting approval, or taken down by a moderator. */
const UNDER_MODERATION = ['pending_approval', 'hidden'];

/**
 * Anyone but the owner may review a product that exists; tied to the reviewer's own completed
 * rental of it (inside the window) the review is `verified`. A listing under moderation is not
 * for others to review, except by someone who rented it: what they lived through stays theirs to tell.
 */
export function checkProductReview(
  product: ProductFacts | null,
  reviewerId: string,
  rental: RentalFacts | null | undefined,
  now: Date,
  windowDays = REVIEW_WINDOW_DAYS,
): { verified: boolean } {
  if (!product || product.deleted) throw ReviewErrors.productNotFound();
  if (product.ownerId === reviewerId) throw ReviewErrors.ownProduct();
  if (product.status === 'draft') throw ReviewErrors.productNotFound();
  if (rental === undefined && UNDER_MODERATION.includes(product.status)) throw ReviewErrors.productNotFound();
  if (rental === undefined) return { verified: false };
  if (!rental || rental.renterId !== reviewerId) throw ReviewErrors.rentalNotFound();
  if (rental.productId !== product.id) throw ReviewErrors.rentalOfAnotherProduct();
  openWindow(rental, now, windowDays);
  return { verified: true };
}
