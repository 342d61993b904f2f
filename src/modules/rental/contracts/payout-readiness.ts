/**
 * A port the rental context owns and the payment context plugs into: can this owner receive the
 * money of a booking (a connected account whose payouts are enabled)? Declaring it here keeps the
 * dependency pointing from payment to rental, never back.
 */
export abstract class PayoutReadiness {
  abstract canReceivePayouts(ownerId: string): Promise<boolean>;
}

/** Where an owner finishes setting up payouts (named in RENTAL.OWNER_CANNOT_RECEIVE_PAYOUTS). */
export const PAYOUT_ONBOARDING_ROUTE = 'POST /api/v1/payment/connect/onboarding-link';
