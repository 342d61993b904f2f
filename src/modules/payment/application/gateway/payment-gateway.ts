import type { CaptureMethod, GatewayStatus } from '../../domain/payment-intent';

export interface GatewayPaymentMethod {
  id: string;
  type: 'card' | 'bank_account' | 'wallet';
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  /** apple_pay, google_pay, link... for wallets. */
  wallet: string | null;
  bankName: string | null;
}

export interface GatewayError {
  /** Stripe's error code: card_declined, authentication_required, expired_card... */
  code: string;
  declineCode: string | null;
  message: string;
}

export interface GatewayIntent {
  id: string;
  status: GatewayStatus;
  amount: number;
  currency: string;
  amountCapturable: number;
  amountReceived: number;
  /** Known when the gateway tells it (charge webhooks, expanded charges); 0 otherwise. */
  amountRefunded: number;
  /** For the payer's client to complete authentication (never shown to anyone else). */
  clientSecret: string | null;
  nextAction: { type: string; redirectUrl: string | null } | null;
  lastError: GatewayError | null;
}

export interface GatewayRefund {
  id: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'requires_action';
}

export interface CreateIntentInput {
  amount: number;
  currency: string;
  customerId: string;
  paymentMethodId: string;
  captureMethod: CaptureMethod;
  /** The payer is not present (renewals): the gateway fails instead of asking for authentication. */
  offSession: boolean;
  description: string;
  metadata: Record<string, string>;
  /** Rentals: the group the owner's transfer will carry (separate charges and transfers). */
  transferGroup?: string;
  idempotencyKey: string;
}

/** A connected account (Stripe Connect Express): the owner's side of payouts. */
export interface GatewayAccount {
  id: string;
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  /** `requirements.currently_due`: what the owner must still provide before the deadline. */
  requirementsDue: string[];
  /** Why the account cannot take payments or payouts (`requirements.past_due`...), if it cannot. */
  disabledReason: string | null;
}

/** A single-use link into the provider's hosted onboarding or dashboard: a bearer URL, never stored. */
export interface GatewayLink {
  url: string;
  expiresAt: Date | null;
}

export interface GatewayTransfer {
  id: string;
  amount: number;
  amountReversed: number;
  currency: string;
  destination: string;
  transferGroup: string | null;
}

export interface GatewayTransferReversal {
  id: string;
  transferId: string;
  amount: number;
}

export interface CreateTransferInput {
  amount: number;
  currency: string;
  /** The connected account (acct_...). */
  destination: string;
  /** Ties the transfer to the charge it pays out of: the rental. */
  transferGroup: string;
  description: string;
  metadata: Record<string, string>;
  idempotencyKey: string;
}

/** A card dispute on one of our charges (Stripe's Dispute, the fields we use). */
export interface GatewayDispute {
  id: string;
  /** The disputed payment intent (how it is matched to a leg); null when the gateway did not say. */
  paymentIntentId: string | null;
  chargeId: string | null;
  amount: number;
  currency: string;
  /** Stripe's reason: fraudulent, product_not_received, product_unacceptable, duplicate, general... */
  reason: string;
  /** Stripe's status, unchecked: the caller refuses one it does not know. */
  status: string;
  /** When the card network stops accepting evidence. */
  evidenceDueBy: Date | null;
  createdAt: Date;
}

/** A payment intent with what its charge says (refunds), for reconciliation. */
export interface GatewayIntentAudit {
  id: string;
  status: GatewayStatus;
  amountCapturable: number;
  amountReceived: number;
  /** What the charge says was refunded; null when the gateway did not say. */
  amountRefunded: number | null;
}

/**
 * A card decline or failed authentication is an answer (the intent's status and lastError), not an
 * error. These two are errors: the provider could not be reached or failed (retry later with the
 * same key), or it refused the request itself (unknown token, impossible refund).
 */
export class GatewayUnavailableError extends Error {}

export class GatewayRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The payment provider, as the payment context needs it. Every call that moves money takes an
 * idempotency key: the same key returns the first answer, which is how a retry after a crash or a
 * timeout converges instead of charging twice. Implementations: StripeGateway (the real SDK) and
 * SandboxGateway (Stripe's test-mode behaviour, embedded).
 */
export abstract class PaymentGateway {
  abstract readonly name: 'stripe' | 'sandbox';
  abstract createCustomer(input: { userId: string; idempotencyKey: string }): Promise<string>;
  /** Resolves a client-side token (pm_...) and attaches it to the customer; never sees card numbers. */
  abstract attachPaymentMethod(input: {
    token: string;
    customerId: string;
    idempotencyKey: string;
  }): Promise<GatewayPaymentMethod>;
  abstract detachPaymentMethod(paymentMethodId: string): Promise<void>;
  /** Creates and confirms in one call. */
  abstract createPaymentIntent(input: CreateIntentInput): Promise<GatewayIntent>;
  abstract confirmPaymentIntent(
    id: string,
    input: { paymentMethodId: string; offSession: boolean; idempotencyKey: string },
  ): Promise<GatewayIntent>;
  abstract retrievePaymentIntent(id: string): Promise<GatewayIntent>;
  /** Captures the hold; `amountToCapture` captures part of it and releases the rest (a settled claim). */
  abstract capturePaymentIntent(
    id: string,
    input: { idempotencyKey: string; amountToCapture?: number },
  ): Promise<GatewayIntent>;
  abstract cancelPaymentIntent(id: string, input: { idempotencyKey: string }): Promise<GatewayIntent>;
  /** Refunds part or all of a captured intent. */
  abstract refundPaymentIntent(
    id: string,
    input: { amount: number; idempotencyKey: string },
  ): Promise<GatewayRefund>;

  // Connect: owners' accounts and the money sent to them (separate charges and transfers).
  /** An Express account that receives transfers; the same key returns the same account. */
  abstract createConnectedAccount(input: { userId: string; idempotencyKey: string }): Promise<GatewayAccount>;
  abstract retrieveConnectedAccount(id: string): Promise<GatewayAccount>;
  /** Hosted onboarding (Account Links, `account_onboarding`): where the owner gives what payouts need. */
  abstract createOnboardingLink(input: {
    accountId: string;
    refreshUrl: string;
    returnUrl: string;
  }): Promise<GatewayLink>;
  /** The owner's Express dashboard (a login link); refused until the details are submitted. */
  abstract createDashboardLink(accountId: string): Promise<GatewayLink>;
  /** Moves money from the platform's balance to a connected account. */
  abstract createTransfer(input: CreateTransferInput): Promise<GatewayTransfer>;
  /** Takes part or all of a transfer back (refunds, lost disputes). */
  abstract reverseTransfer(
    transferId: string,
    input: { amount: number; idempotencyKey: string },
  ): Promise<GatewayTransferReversal>;

  // Disputes and reconciliation.
  abstract retrieveDispute(id: string): Promise<GatewayDispute>;
  /**
   * Sends (or, with submit false, stages) the platform's written evidence (`uncategorized_text`).
   * The same key answers the same way: a retried submission is not sent twice.
   */
  abstract submitDisputeEvidence(
    id: string,
    input: { text: string; submit: boolean; idempotencyKey: string },
  ): Promise<GatewayDispute>;
  /** Every transfer of a transfer group (a rental), as the gateway has them. */
  abstract listTransfers(transferGroup: string): Promise<GatewayTransfer[]>;
  /** A payment intent with its charge's refunds, as the gateway has it. */
  abstract auditPaymentIntent(id: string): Promise<GatewayIntentAudit>;
}
