import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';
import { defineContract } from '../../../platform/remote/contract-descriptor';
import { SubscriptionApi } from './subscription-api';

/** Subscription across processes: plan limits and the checks against them, all queries. */
export const SUBSCRIPTION_REMOTING: ContextRemoting = {
  context: 'subscription',
  contracts: [
    defineContract(SubscriptionApi, {
      servedBy: 'subscription',
      name: 'subscription.SubscriptionApi',
      version: 1,
      methods: {
        limitsFor: 'query',
        checkCanActivateListing: 'query',
        assertCanActivateListing: 'query',
        checkCanAcceptRental: 'query',
        assertCanAcceptRental: 'query',
      },
    }),
  ],
  callbacks: [{ registry: 'privacy.exporters', keys: ['subscription'] }],
};
