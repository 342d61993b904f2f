import { defineEvent } from '../../../platform/events/integration-event';

export interface DisputeOpenedPayload {
  disputeId: string;
  /** Null for a disputed subscription payment. */
  rentalId: string | null;
  intentId: string;
  /** identity's ids: who paid (and disputed with their bank), and the owner who was paid. */
  renterId: string;
  ownerId: string | null;
  /** Minor units. */
  amount: number;
  currency: string;
  /** Stripe's reason: fraudulent, product_not_received, product_unacceptable, general... */
  reason: string;
  /** An inquiry asks questions and takes no money; a chargeback takes the amount back at once. */
  kind: 'inquiry' | 'chargeback';
  /** When the platform's evidence is due; null when the gateway did not say. */
  evidenceDueBy: string | null;
  /** The owner's share of the rental is held back until the dispute closes. */
  payoutHeld: boolean;
}

/** A renter's bank opened a dispute (an inquiry or a chargeback) on a payment. For notifications. */
export const DisputeOpened = defineEvent<DisputeOpenedPayload>('payment.DisputeOpened');

export interface DisputeClosedPayload {
  disputeId: string;
  rentalId: string | null;
  intentId: string;
  renterId: string;
  ownerId: string | null;
  amount: number;
  currency: string;
  reason: string;
  /** won: the money stays with the platform; lost: it went back to the renter; withdrawn: an inquiry closed. */
  outcome: 'won' | 'lost' | 'withdrawn';
  /** For a lost dispute, taken from the owner's unpaid share and borne by the platform (minor units). */
  ownerDebited: number;
  platformDebited: number;
}

/** A dispute closed: won, lost (who bore it) or an inquiry withdrawn; the payout hold is lifted. */
export const DisputeClosed = defineEvent<DisputeClosedPayload>('payment.DisputeClosed');
