import { DomainError } from '../../../platform/errors/domain-error';
import type { ProductFacts, RentalFacts, UserReviewRequest } from './review-eligibility';
import { checkProductReview, checkUserReview } from './review-eligibility';

const renter = '11111111-1111-4111-8111-111111111111';
const owner = '22222222-2222-4222-8222-222222222222';
const stranger = '33333333-3333-4333-8333-333333333333';
const product = '44444444-4444-4444-8444-444444444444';
const completedAt = '2026-03-10T12:00:00.000Z';
const now = new Date('2026-03-12T00:00:00.000Z');

const rental = (over: Partial<RentalFacts> = {}): RentalFacts => ({
  id: '55555555-5555-4555-8555-555555555555',
  productId: product,
  renterId: renter,
  ownerId: owner,
  status: 'completed',
  completedAt,
  ...over,
});

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return `${e.kind}:${e.code}`;
    throw e;
  }
}

describe('checkUserReview', () => {
  it.each<[string, UserReviewRequest]>([
    ['the renter reviews the owner', { reviewerId: renter, revieweeId: owner, role: 'owner' }],
    ['the owner reviews the renter', { reviewerId: owner, revieweeId: renter, role: 'renter' }],
  ])('allows %s and says when the window closes', (_, request) => {
    expect(checkUserReview(rental(), request, now)).toEqual({
      windowClosesAt: new Date('2026-03-24T12:00:00.000Z'),
      productId: product,
    });
  });

  it.each<[string, RentalFacts | null, UserReviewRequest, Date, string]>([
    [
      'an unknown rental',
      null,
      { reviewerId: renter, revieweeId: owner, role: 'owner' },
      now,
      'not_found:REVIEW.RENTAL_NOT_FOUND',
    ],
    [
      'a stranger',
      rental(),
      { reviewerId: stranger, revieweeId: owner, role: 'owner' },
      now,
      'not_found:REVIEW.RENTAL_NOT_FOUND',
    ],
    [
      'reviewing oneself',
      rental(),
      { reviewerId: renter, revieweeId: renter, role: 'renter' },
      now,
      'validation:REVIEW.WRONG_REVIEWEE',
    ],
    [
      'reviewing a stranger',
      rental(),
      { reviewerId: renter, revieweeId: stranger, role: 'owner' },
      now,
      'validation:REVIEW.WRONG_REVIEWEE',
    ],
    [
      'the wrong role for the owner',
      rental(),
      { reviewerId: renter, revieweeId: owner, role: 'renter' },
      now,
      'validation:REVIEW.WRONG_REVIEWEE',
    ],
    [
      'the wrong role for the renter',
      rental(),
      { reviewerId: owner, revieweeId: renter, role: 'owner' },
      now,
      'validation:REVIEW.WRONG_REVIEWEE',
    ],
    ...(['requested', 'accepted', 'active', 'returned', 'cancelled', 'declined', 'expired'].map((status) => [
      `a ${status} rental`,
      rental({ status, completedAt: null }),
      { reviewerId: renter, revieweeId: owner, role: 'owner' },
      now,
      'conflict:REVIEW.RENTAL_NOT_COMPLETED',
    ]) as [string, RentalFacts, UserReviewRequest, Date, string][]),
    [
      'after the window',
      rental(),
      { reviewerId: renter, revieweeId: owner, role: 'owner' },
      new Date('2026-03-24T12:00:00.000Z'),
      'conflict:REVIEW.WINDOW_CLOSED',
    ],
  ])('refuses %s', (_, r, request, at, code) => {
    expect(codeOf(() => checkUserReview(r, request, at))).toBe(code);
  });

  it('uses the window length it is given', () => {
    const request: UserReviewRequest = { reviewerId: renter, revieweeId: owner, role: 'owner' };
    expect(codeOf(() => checkUserReview(rental(), request, now, 1))).toBe('conflict:REVIEW.WINDOW_CLOSED');
    expect(codeOf(() => checkUserReview(rental(), request, now, 2))).toBeNull();
  });
});

describe('checkProductReview', () => {
  const p = (over: Partial<ProductFacts> = {}): ProductFacts => ({
    id: product,
    ownerId: owner,
    deleted: false,
    status: 'active',
    ...over,
  });

  it.each<[string, ProductFacts, RentalFacts | null | undefined, boolean]>([
    ['without a rental: unverified', p(), undefined, false],
    ['a paused product', p({ status: 'paused' }), undefined, false],
    ['with the reviewer’s completed rental: verified', p(), rental(), true],
    ['a hidden product the reviewer rented', p({ status: 'hidden' }), rental(), true],
    ['a product awaiting approval the reviewer rented', p({ status: 'pending_approval' }), rental(), true],
  ])('allows %s', (_, prod, r, verified) => {
    expect(checkProductReview(prod, renter, r, now)).toEqual({ verified });
  });

  it.each<[string, ProductFacts | null, string, RentalFacts | null | undefined, Date, string]>([
    ['an unknown product', null, renter, undefined, now, 'not_found:REVIEW.PRODUCT_NOT_FOUND'],
    ['a deleted product', p({ deleted: true }), renter, undefined, now, 'not_found:REVIEW.PRODUCT_NOT_FOUND'],
    ['a draft', p({ status: 'draft' }), renter, undefined, now, 'not_found:REVIEW.PRODUCT_NOT_FOUND'],
    [
      'a hidden product',
      p({ status: 'hidden' }),
      renter,
      undefined,
      now,
      'not_found:REVIEW.PRODUCT_NOT_FOUND',
    ],
    [
      'a product awaiting approval',
      p({ status: 'pending_approval' }),
      renter,
      undefined,
      now,
      'not_found:REVIEW.PRODUCT_NOT_FOUND',
    ],
    ['the owner', p(), owner, undefined, now, 'validation:REVIEW.OWN_PRODUCT'],
    ['an unknown rental', p(), renter, null, now, 'not_found:REVIEW.RENTAL_NOT_FOUND'],
    ['someone else’s rental', p(), stranger, rental(), now, 'not_found:REVIEW.RENTAL_NOT_FOUND'],
    [
      'a rental of another product',
      p(),
      renter,
      rental({ productId: stranger }),
      now,
      'validation:REVIEW.RENTAL_PRODUCT_MISMATCH',
    ],
    [
      'a rental not completed',
      p(),
      renter,
      rental({ status: 'active', completedAt: null }),
      now,
      'conflict:REVIEW.RENTAL_NOT_COMPLETED',
    ],
    [
      'after the window',
      p(),
      renter,
      rental(),
      new Date('2026-04-01T00:00:00.000Z'),
      'conflict:REVIEW.WINDOW_CLOSED',
    ],
  ])('refuses %s', (_, prod, reviewer, r, at, code) => {
    expect(codeOf(() => checkProductReview(prod, reviewer, r, at))).toBe(code);
  });
});
