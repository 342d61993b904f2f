import type { ContextRemoting } from '../../../platform/remote/contract-descriptor';
import { defineContract } from '../../../platform/remote/contract-descriptor';
import { PayoutReadiness } from './payout-readiness';
import { RentalApi } from './rental-api';

/** Rental across processes: rental snapshots; its payout-readiness port is plugged by payment. */
export const RENTAL_REMOTING: ContextRemoting = {
  context: 'rental',
  contracts: [
    defineContract(RentalApi, {
      servedBy: 'rental',
      name: 'rental.RentalApi',
      version: 1,
      methods: { findRental: 'query', ownerRecord: 'query', listRentals: 'query' },
    }),
    defineContract(PayoutReadiness, {
      servedBy: 'payment',
      name: 'rental.PayoutReadiness',
      version: 1,
      methods: { canReceivePayouts: 'query' },
    }),
  ],
  callbacks: [
    { registry: 'privacy.exporters', keys: ['rental'] },
    { registry: 'privacy.erasure-blockers', keys: ['rental'] },
  ],
};
