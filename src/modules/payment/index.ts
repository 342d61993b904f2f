// Payment owns payment methods, payment intents and the append-only money ledger, through a
// PaymentGateway (Stripe when STRIPE_SECRET_KEY is set, else the embedded sandbox). It follows the
// rental events to hold, capture, release and refund (policy: domain/settlement-plan.ts), and offers
// PaymentApi (subscription charges) and the PaymentIntentStatusChanged, PayoutSent, DisputeOpened,
// DisputeClosed and DepositRenewalFailed events. It also records card disputes (holding the owner's
// payout while open), renews long rentals' deposit holds, and reconciles its records with Stripe's.
// Owners file damage claims against the deposit (ClaimFiled, ClaimAccepted, ClaimDisputed,
// ClaimResolved, ClaimWithdrawn); admins refund captured charges.
//
// Money policy, in short: at the request the charge (subtotal + fee) and the deposit are held; on
// acceptance the charge is captured (owner payout = subtotal, the platform keeps the fee) and the
// deposit stays held through the return's inspection window and is released on completion (or, when
// the owner files a damage claim, captured in part as the claim settles). Declined, expired, or cancelled before
// acceptance: every hold released. Cancelled after acceptance, before hand-over: the deposit is
// released and the charge refunded, in full if the owner cancels, less the fee if the renter does.
// A renter with no usable method, a declined card or a 3-D Secure challenge gets an intent in
// requires_payment_method / requires_action and completes it with POST /payment-intents/:id/confirm.
export { PaymentApi } from './contracts/payment-api';
export type { PaymentIntentSnapshot, SubscriptionChargeRequest } from './contracts/payment-api';
export * from './contracts/payment.events';
export * from './contracts/dispute.events';
export * from './contracts/deposit.events';
export * from './contracts/claim.events';
export { PaymentModule } from './payment.module';
export { PAYMENT_REMOTING } from './contracts/payment.remoting';
