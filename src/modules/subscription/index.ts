// Subscription owns plans (free, basic, pro: prices, limits, features), users' subscriptions with
// prorated plan changes and renewals, and usage counted from catalog's and rental's events.
// Others get SubscriptionApi (a user's limits; assertCanActivateListing for catalog) and the
// SubscriptionChanged event. Payments go through payment's PaymentApi.
export { SubscriptionApi } from './contracts/subscription-api';
export type {
  ListingAllowance,
  PlanLimitsSnapshot,
  PlanRef,
  RentalAllowance,
} from './contracts/subscription-api';
export * from './contracts/subscription.events';
export { SubscriptionModule } from './subscription.module';
export { SUBSCRIPTION_REMOTING } from './contracts/subscription.remoting';
