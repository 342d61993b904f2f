/**
 * What people are told about, and under which category their preferences switch it. Money and
 * security are mandatory: a payment that failed or a payout that left cannot go unsaid by email.
 */
export const NOTIFICATION_CATEGORIES = [
  'booking',
  'messages',
  'reviews',
  'reminders',
  'money',
  'security',
] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

export const MANDATORY_EMAIL_CATEGORIES: readonly NotificationCategory[] = ['money', 'security'];

export const isMandatoryEmail = (category: NotificationCategory): boolean =>
  MANDATORY_EMAIL_CATEGORIES.includes(category);

export const NOTIFICATION_KINDS = [
  'rental.requested',
  'rental.accepted',
  'rental.declined',
  'rental.expired',
  'rental.cancelled',
  'rental.handed-over',
  'rental.returned',
  'rental.completed',
  'review.published',
  'payment.failed',
  'payment.refunded',
  'payment.payout-sent',
  'claim.filed',
  'claim.accepted',
  'claim.disputed',
  'claim.resolved',
  'claim.withdrawn',
  'message.received',
  'reminder.request-expiring',
  'reminder.rental-starting',
  'reminder.review-closing',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A completed rental opens its review period: that notice is a review one, not a booking one. */
export const CATEGORY_OF: Record<NotificationKind, NotificationCategory> = {
  'rental.requested': 'booking',
  'rental.accepted': 'booking',
  'rental.declined': 'booking',
  'rental.expired': 'booking',
  'rental.cancelled': 'booking',
  'rental.handed-over': 'booking',
  'rental.returned': 'booking',
  'rental.completed': 'reviews',
  'review.published': 'reviews',
  'payment.failed': 'money',
  'payment.refunded': 'money',
  'payment.payout-sent': 'money',
  // A claim on someone's deposit is money: it cannot go unsaid by email either.
  'claim.filed': 'money',
  'claim.accepted': 'money',
  'claim.disputed': 'money',
  'claim.resolved': 'money',
  'claim.withdrawn': 'money',
  'message.received': 'messages',
  'reminder.request-expiring': 'reminders',
  'reminder.rental-starting': 'reminders',
  'reminder.review-closing': 'reminders',
};

export type RentalStep =
  'requested' | 'accepted' | 'declined' | 'expired' | 'cancelled' | 'handed-over' | 'returned' | 'completed';

export interface RentalParties {
  renterId: string;
  ownerId: string;
  cancelledBy: 'renter' | 'owner' | null;
}

/**
 * Who hears of a rental's step: the side that did not take it. Expiry and completion are the
 * system's doing, so both sides hear of them; a cancellation by nobody in particular, too.
 */
export function recipientsOfRentalStep(step: RentalStep, rental: RentalParties): string[] {
  switch (step) {
    case 'requested':
    case 'returned':
      return [rental.ownerId];
    case 'accepted':
    case 'declined':
    case 'handed-over':
      return [rental.renterId];
    case 'expired':
    case 'completed':
      return [rental.renterId, rental.ownerId];
    case 'cancelled':
      if (rental.cancelledBy === 'renter') return [rental.ownerId];
      if (rental.cancelledBy === 'owner') return [rental.renterId];
      return [rental.renterId, rental.ownerId];
  }
}
