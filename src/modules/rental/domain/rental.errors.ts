import { DomainError } from '../../../platform/errors/domain-error';
import type { RentalStatus } from '../contracts/rental-api';
import type { RentalActor } from './rental-lifecycle';
import type { BlockViolation } from './block-policy';
import type { StayRange, StayViolation } from './stay-policy';

export const RentalErrors = {
  rentalNotFound: () => new DomainError('RENTAL.NOT_FOUND', 'not_found', 'Rental was not found'),
  productNotFound: () => new DomainError('RENTAL.PRODUCT_NOT_FOUND', 'not_found', 'Product was not found'),
  blockNotFound: () => new DomainError('RENTAL.BLOCK_NOT_FOUND', 'not_found', 'Block was not found'),
  userNotFound: () => new DomainError('RENTAL.USER_NOT_FOUND', 'not_found', 'User was not found'),
  productNotRentable: () =>
    new DomainError(
      'RENTAL.PRODUCT_NOT_RENTABLE',
      'conflict',
      'This product cannot be rented at the moment (not listed, paused or its owner is inactive)',
    ),
  ownProduct: () =>
    new DomainError('RENTAL.OWN_PRODUCT', 'validation', 'You cannot rent your own product', {
      errors: [{ field: 'productId', message: 'You cannot rent your own product' }],
    }),
  /** The renter blocked the owner (an owner who blocked the renter is never named: not rentable). */
  blocked: () =>
    new DomainError(
      'RENTAL.BLOCKED',
      'forbidden',
      'You blocked this owner: lift the block to request a rental from them',
    ),
  /** The owner accepts a request of a renter who was suspended since: nothing new with them. */
  renterUnavailable: () =>
    new DomainError(
      'RENTAL.RENTER_UNAVAILABLE',
      'conflict',
      'This renter cannot rent at the moment: the request can only be declined or left to expire',
    ),
  /** The caller is suspended or banned (trust): nothing new may start with them. */
  accountRestricted: () =>
    new DomainError(
      'RENTAL.ACCOUNT_RESTRICTED',
      'forbidden',
      'Your account is restricted: you cannot request or accept rentals at the moment',
    ),
  /** PAYOUTS_REQUIRE_ONBOARDING: the owner must be able to receive the money before anyone books. */
  ownerCannotReceivePayouts: (onboardingRoute: string) =>
    new DomainError(
      'RENTAL.OWNER_CANNOT_RECEIVE_PAYOUTS',
      'conflict',
      'This listing cannot take bookings yet: its owner has not finished setting up payouts',
      { step: 'payout_onboarding', onboarding: onboardingRoute },
    ),
  /** The first broken rule gives the code; `errors` lists every one of them. */
  invalidStay: (violations: StayViolation[]) =>
    new DomainError(violations[0].code, 'validation', violations[0].message, {
      errors: violations.map(({ field, message }) => ({ field, message })),
    }),
  /** Like invalidStay: the first broken rule gives the code; `errors` names each rule's field. */
  invalidBlock: (violations: BlockViolation[]) =>
    new DomainError(violations[0].code, 'validation', violations[0].message, {
      errors: violations.map(({ field, message }) => ({ field, message })),
    }),
  overlap: (conflicts: StayRange[]) =>
    new DomainError(
      'RENTAL.OVERLAP',
      'conflict',
      conflicts.length > 0
        ? `These dates overlap ${conflicts.map((c) => `[${c.startDate}, ${c.endDate})`).join(', ')}, already held`
        : 'These dates overlap dates already held',
      { conflicts },
    ),
  illegalTransition: (from: RentalStatus, to: RentalStatus, actor: RentalActor, allowed: RentalStatus[]) =>
    new DomainError(
      'RENTAL.ILLEGAL_TRANSITION',
      'conflict',
      `As the ${actor}, you cannot move this rental from ${from} to ${to}` +
        (allowed.length ? `; allowed: ${allowed.join(', ')}` : '; it allows no further change by you'),
      { status: from, allowed },
    ),
  closed: (status: RentalStatus) =>
    new DomainError('RENTAL.CLOSED', 'conflict', `This rental is ${status}; it can no longer be changed`, {
      status,
    }),
  concurrentChange: () =>
    new DomainError(
      'RENTAL.CONCURRENT_CHANGE',
      'conflict',
      'The rental changed while this request ran; reload it and try again',
    ),
};
