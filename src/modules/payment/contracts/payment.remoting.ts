import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';
import { defineContract } from '../../../platform/remote/contract-descriptor';
import { PaymentApi } from './payment-api';

/**
 * Payment across processes. Charging and voiding are commands, sent once per call: a lost answer
 * does not mean nothing happened (their `reference` makes a deliberate retry by the caller safe).
 */
export const PAYMENT_REMOTING: ContextRemoting = {
  context: 'payment',
  contracts: [
    defineContract(PaymentApi, {
      servedBy: 'payment',
      name: 'payment.PaymentApi',
      version: 1,
      methods: {
        chargeSubscription: 'command',
        voidSubscriptionCharge: 'command',
        findPaymentIntent: 'query',
        hasUsablePaymentMethod: 'query',
      },
    }),
  ],
  callbacks: [
    { registry: 'privacy.exporters', keys: ['payment'] },
    { registry: 'privacy.erasure-blockers', keys: ['payment'] },
  ],
};
