import { DomainError, NotFoundError } from '../../../platform/errors/domain-error';

export const SubscriptionErrors = {
  planNotFound: () => new NotFoundError('SUBSCRIPTION.PLAN_NOT_FOUND', 'Plan'),
  subscriptionNotFound: () => new NotFoundError('SUBSCRIPTION.SUBSCRIPTION_NOT_FOUND', 'Subscription'),
  paymentMethodNotFound: () =>
    new DomainError(
      'SUBSCRIPTION.PAYMENT_METHOD_NOT_FOUND',
      'validation',
      'This payment method is not yours or was removed',
      {
        errors: [{ field: 'paymentMethodId', message: 'no such payment method' }],
      },
    ),
  alreadySubscribed: (subscriptionId: string) =>
    new DomainError(
      'SUBSCRIPTION.ALREADY_SUBSCRIBED',
      'conflict',
      'You already have a subscription: change its plan with PUT /subscription/subscriptions/{id}/plan',
      { subscriptionId },
    ),
  notActive: (status: string) =>
    new DomainError('SUBSCRIPTION.NOT_ACTIVE', 'conflict', `A ${status} subscription cannot be changed`, {
      status,
    }),
  samePlan: () =>
    new DomainError(
      'SUBSCRIPTION.SAME_PLAN',
      'conflict',
      'The subscription is already on this plan and billing cycle',
    ),
  alreadyCanceled: () =>
    new DomainError('SUBSCRIPTION.ALREADY_CANCELED', 'conflict', 'This subscription is already canceled'),
  listingLimitReached: (details: Record<string, unknown>, limit: number) =>
    new DomainError(
      'SUBSCRIPTION.LISTING_LIMIT_REACHED',
      'forbidden',
      `Your plan allows ${limit} active listing${limit === 1 ? '' : 's'}: pause or delete one, or upgrade your plan`,
      details,
    ),
  rentalLimitReached: (details: Record<string, unknown>, limit: number) =>
    new DomainError(
      'SUBSCRIPTION.RENTAL_LIMIT_REACHED',
      'forbidden',
      `Your plan allows ${limit} accepted rental${limit === 1 ? '' : 's'} a month: upgrade your plan`,
      details,
    ),
};
