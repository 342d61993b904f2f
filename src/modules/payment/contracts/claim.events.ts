import { defineEvent } from '../../../platform/events/integration-event';

/** What every claim event carries: the claim, its rental and parties, and the money at stake. */
export interface ClaimEventPayload {
  claimId: string;
  rentalId: string;
  /** catalog's id of the rented product. */
  productId: string;
  /** identity's ids: the owner who filed it, the renter it is against. */
  ownerId: string;
  renterId: string;
  /** The claimed amount, minor units. */
  amount: number;
  currency: string;
  /** open | accepted | disputed | resolved | withdrawn: the status this event reports. */
  status: string;
  /** Captured from the deposit for the owner (accepted: the claim; resolved: the admin's award); else null. */
  awarded: number | null;
  /** Who moved it (the owner, the renter, an admin). */
  actorId: string;
  actorRole: 'owner' | 'renter' | 'admin';
}

/** An owner filed a damage claim against the deposit: the deposit and the payout wait for it. */
export const ClaimFiled = defineEvent<ClaimEventPayload>('payment.ClaimFiled');
/** The renter accepted the claim: its amount is captured from the deposit, the rest released. */
export const ClaimAccepted = defineEvent<ClaimEventPayload>('payment.ClaimAccepted');
/** The renter disputed the claim: an admin will decide; the deposit stays held. */
export const ClaimDisputed = defineEvent<ClaimEventPayload>('payment.ClaimDisputed');
/** An admin settled a disputed claim: `awarded` (0..amount) is captured, the rest released. */
export const ClaimResolved = defineEvent<ClaimEventPayload>('payment.ClaimResolved');
/** The owner withdrew the claim: the deposit follows the rental again (released on completion). */
export const ClaimWithdrawn = defineEvent<ClaimEventPayload>('payment.ClaimWithdrawn');
