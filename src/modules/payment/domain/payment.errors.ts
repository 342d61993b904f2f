import { DomainError, NotFoundError } from '../../../platform/errors/domain-error';

export const PaymentErrors = {
  paymentMethodNotFound: () => new NotFoundError('PAYMENT.PAYMENT_METHOD_NOT_FOUND', 'Payment method'),
  paymentIntentNotFound: () => new NotFoundError('PAYMENT.PAYMENT_INTENT_NOT_FOUND', 'Payment intent'),
  rentalNotFound: () => new NotFoundError('PAYMENT.RENTAL_NOT_FOUND', 'Rental'),
  subscriptionPaymentNotFound: () =>
    new NotFoundError('PAYMENT.SUBSCRIPTION_PAYMENT_NOT_FOUND', 'Open payment of this subscription'),
  rawCardNumber: () =>
    new DomainError(
      'PAYMENT.RAW_CARD_NUMBER_REFUSED',
      'validation',
      'Card numbers are never accepted by this API: tokenize the card with Stripe.js or the mobile SDK and send the payment-method token (pm_...)',
      { errors: [{ field: 'token', message: 'token must be a payment-method token, not a card number' }] },
    ),
  invalidToken: (reason: string) =>
    new DomainError('PAYMENT.PAYMENT_METHOD_TOKEN_INVALID', 'validation', reason, {
      errors: [{ field: 'token', message: reason }],
    }),
  paymentMethodRequired: () =>
    new DomainError(
      'PAYMENT.PAYMENT_METHOD_REQUIRED',
      'validation',
      'No payment method: pass paymentMethodId or add a default payment method first',
      { errors: [{ field: 'paymentMethodId', message: 'a payment method is required' }] },
    ),
  tooManyPaymentMethods: (max: number) =>
    new DomainError(
      'PAYMENT.TOO_MANY_PAYMENT_METHODS',
      'conflict',
      `At most ${max} payment methods can be saved: remove one first`,
      { max },
    ),
  paymentMethodCannotHold: () =>
    new DomainError(
      'PAYMENT.PAYMENT_METHOD_CANNOT_HOLD',
      'validation',
      'Rentals hold the amount before capturing it, which bank debits cannot do: use a card or a wallet',
      { errors: [{ field: 'paymentMethodId', message: 'a card or wallet is required for rentals' }] },
    ),
  targetRequired: () =>
    new DomainError(
      'PAYMENT.TARGET_REQUIRED',
      'validation',
      'Pass exactly one of rentalId or subscriptionId',
      { errors: [{ field: 'rentalId', message: 'exactly one of rentalId or subscriptionId is required' }] },
    ),
  rentalNotPayable: (status: string) =>
    new DomainError('PAYMENT.RENTAL_NOT_PAYABLE', 'conflict', `A ${status} rental cannot be paid`, {
      rentalStatus: status,
    }),
  notConfirmable: (status: string) =>
    new DomainError(
      'PAYMENT.INTENT_NOT_CONFIRMABLE',
      'conflict',
      `A payment intent in status ${status} needs no confirmation`,
      { status },
    ),
  webhooksNotConfigured: () =>
    new DomainError(
      'PAYMENT.WEBHOOKS_NOT_CONFIGURED',
      'unavailable',
      'Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET is unset)',
    ),
  webhookSignatureInvalid: () =>
    new DomainError(
      'PAYMENT.WEBHOOK_SIGNATURE_INVALID',
      'validation',
      'The Stripe-Signature header does not match the payload, or it is too old',
    ),
  sandboxOnly: () => new NotFoundError('PAYMENT.SANDBOX_DISABLED', 'Sandbox endpoint'),
  sandboxIntentNotFound: () =>
    new NotFoundError('PAYMENT.SANDBOX_INTENT_NOT_FOUND', 'Sandbox payment intent'),
  sandboxNotAwaitingAuthentication: () =>
    new DomainError(
      'PAYMENT.SANDBOX_NOT_AWAITING_AUTHENTICATION',
      'conflict',
      'This payment intent is not waiting for authentication',
    ),
  connectAccountNotFound: () =>
    new DomainError(
      'PAYMENT.CONNECT_ACCOUNT_NOT_FOUND',
      'not_found',
      'You have no payout account yet: POST /api/v1/payment/connect/account creates it',
    ),
  connectOnboardingIncomplete: () =>
    new DomainError(
      'PAYMENT.CONNECT_ONBOARDING_INCOMPLETE',
      'conflict',
      'The payout dashboard opens once onboarding is complete: finish it through POST /api/v1/payment/connect/onboarding-link',
      { step: 'payout_onboarding', onboarding: 'POST /api/v1/payment/connect/onboarding-link' },
    ),
  gatewayRefused: (detail: string) =>
    new DomainError('PAYMENT.GATEWAY_REFUSED', 'conflict', `The payment provider refused: ${detail}`),
  sandboxAccountNotFound: () =>
    new NotFoundError('PAYMENT.SANDBOX_ACCOUNT_LINK_NOT_FOUND', 'Sandbox onboarding link'),
  sandboxLinkExpired: () =>
    new DomainError(
      'PAYMENT.SANDBOX_ACCOUNT_LINK_EXPIRED',
      'gone',
      'This onboarding link has expired or was already used: ask for a new one',
    ),
  rentalBreakdownNotFound: () => new NotFoundError('PAYMENT.RENTAL_NOT_FOUND', 'Rental payment'),
  invalidCursor: () =>
    new DomainError('PAYMENT.INVALID_CURSOR', 'validation', 'cursor is not one this list produced', {
      errors: [{ field: 'cursor', message: 'cursor must be a nextCursor from this list' }],
    }),
  gatewayUnavailable: (detail: string) =>
    new DomainError(
      'PAYMENT.GATEWAY_UNAVAILABLE',
      'unavailable',
      `The payment provider did not answer: ${detail}`,
    ),
  // Disputes
  disputeNotFound: () => new NotFoundError('PAYMENT.DISPUTE_NOT_FOUND', 'Dispute'),
  disputeNotAwaitingEvidence: (status: string) =>
    new DomainError(
      'PAYMENT.DISPUTE_NOT_AWAITING_EVIDENCE',
      'conflict',
      `Evidence is taken while a dispute waits for a response; this one is ${status}`,
      { status },
    ),
  disputeEvidenceLimit: (limit: number) =>
    new DomainError(
      'PAYMENT.DISPUTE_EVIDENCE_LIMIT',
      'conflict',
      `A dispute takes at most ${limit} evidence texts; this one has them all`,
      { limit },
    ),
  evidenceBlank: () =>
    new DomainError('PAYMENT.DISPUTE_EVIDENCE_BLANK', 'validation', 'The evidence text is blank', {
      errors: [{ field: 'text', message: 'text must not be blank' }],
    }),
  sandboxNothingToDispute: () =>
    new DomainError(
      'PAYMENT.SANDBOX_NOTHING_TO_DISPUTE',
      'conflict',
      'Only a captured payment can be disputed, once: this one is not captured, is refunded, or is already disputed',
    ),
};
