import { DomainError } from '../../../platform/errors/domain-error';

export const ReviewErrors = {
  productNotFound: () => new DomainError('REVIEW.PRODUCT_NOT_FOUND', 'not_found', 'Product was not found'),
  rentalNotFound: () => new DomainError('REVIEW.RENTAL_NOT_FOUND', 'not_found', 'Rental was not found'),
  userNotFound: () => new DomainError('REVIEW.USER_NOT_FOUND', 'not_found', 'User was not found'),
  ownProduct: () =>
    new DomainError('REVIEW.OWN_PRODUCT', 'validation', 'You cannot review your own product', {
      errors: [{ field: 'productId', message: 'productId must not be one of your own products' }],
    }),
  rentalOfAnotherProduct: () =>
    new DomainError('REVIEW.RENTAL_PRODUCT_MISMATCH', 'validation', 'The rental is not of this product', {
      errors: [{ field: 'rentalId', message: 'rentalId must be a rental of productId' }],
    }),
  wrongReviewee: (field: 'revieweeId' | 'role', message: string) =>
    new DomainError('REVIEW.WRONG_REVIEWEE', 'validation', message, { errors: [{ field, message }] }),
  rentalNotCompleted: (status: string) =>
    new DomainError('REVIEW.RENTAL_NOT_COMPLETED', 'conflict', 'Reviews open once the rental is completed', {
      rentalStatus: status,
    }),
  windowClosed: (closedAt: string) =>
    new DomainError('REVIEW.WINDOW_CLOSED', 'conflict', 'The review window for this rental has closed', {
      windowClosedAt: closedAt,
    }),
  alreadyReviewed: () =>
    new DomainError(
      'REVIEW.ALREADY_REVIEWED',
      'conflict',
      'You have already written this review; there is one per rental and direction',
    ),
};
