import { defineEvent } from '../../../platform/events/integration-event';

export interface SubscriptionChangedPayload {
  subscriptionId: string;
  userId: string;
  planCode: string;
  billingCycle: 'monthly' | 'yearly';
  /** incomplete | active | past_due | canceled */
  status: string;
  maxActiveListings: number | null;
  maxRentalsPerMonth: number | null;
  currentPeriodEnd: string;
}

/** A subscription started, changed plan, renewed, fell past due or ended: the user's limits may differ. */
export const SubscriptionChanged = defineEvent<SubscriptionChangedPayload>(
  'subscription.SubscriptionChanged',
);
