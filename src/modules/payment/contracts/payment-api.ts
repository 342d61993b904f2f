/** What other contexts may know of a payment intent: plain data. */
export interface PaymentIntentSnapshot {
  id: string;
  purpose: 'rental' | 'subscription';
  payerId: string;
  rentalId: string | null;
  subscriptionId: string | null;
  reference: string;
  /**
   * requires_payment_method | requires_action | processing | authorized | captured | succeeded |
   * canceled | refunded
   */
  status: string;
  amount: number;
  currency: string;
  lastError: { code: string; message: string } | null;
}

export interface SubscriptionChargeRequest {
  payerId: string;
  subscriptionId: string;
  /** Unique per billing event (`subscription-<id>-<period start>`); the same one returns the same payment. */
  reference: string;
  amount: number;
  currency: string;
  description: string;
  /** payment's id of the method to charge; null uses the payer's default. */
  paymentMethodId: string | null;
  /** True for renewals: no authentication can be asked of an absent payer (it fails instead). */
  offSession: boolean;
}

/** Payment's public API. Inject with `@Inject(PaymentApi)` (the abstract class is the token). */
export abstract class PaymentApi {
  /**
   * Charges a subscription period now (captured at once). Idempotent on `reference`. Resolves
   * with the intent whatever happened (succeeded, declined = requires_payment_method, 3-D Secure =
   * requires_action); the outcome of a later confirmation arrives as PaymentIntentStatusChanged.
   */
  abstract chargeSubscription(request: SubscriptionChargeRequest): Promise<PaymentIntentSnapshot>;
  /** Cancels an unpaid intent (a superseded plan change, an abandoned sign-up); no-op once paid. */
  abstract voidSubscriptionCharge(reference: string): Promise<PaymentIntentSnapshot | null>;
  abstract findPaymentIntent(id: string): Promise<PaymentIntentSnapshot | null>;
  /** Whether this payment method (or, with null, a default one) belongs to the user and can be charged. */
  abstract hasUsablePaymentMethod(userId: string, paymentMethodId: string | null): Promise<boolean>;
}
