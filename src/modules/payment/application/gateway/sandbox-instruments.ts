import type { GatewayPaymentMethod } from './payment-gateway';

export type SandboxBehaviour =
  | 'succeed'
  | 'decline'
  | 'insufficient_funds'
  | 'expired_card'
  /** 4000 0027 6000 3184: every payment asks for 3-D Secure. */
  | 'authenticate_always'
  /** 4000 0025 0000 3155: asks on-session; off-session payments with the saved card pass. */
  | 'authenticate_unless_off_session';

export interface SandboxInstrument extends Omit<GatewayPaymentMethod, 'id'> {
  behaviour: SandboxBehaviour;
  /** The test card number this token stands for (documentation only; never stored or returned). */
  number: string | null;
}

const card = (
  brand: string,
  last4: string,
  number: string,
  behaviour: SandboxBehaviour = 'succeed',
): SandboxInstrument => ({
  type: 'card',
  brand,
  last4,
  expMonth: 12,
  expYear: 2034,
  wallet: null,
  bankName: null,
  behaviour,
  number,
});

/**
 * Stripe's test payment-method tokens, with the behaviour of the test cards behind them
 * (https://docs.stripe.com/testing). Wallet and bank tokens are sandbox-only names.
 */
export const SANDBOX_INSTRUMENTS: Record<string, SandboxInstrument> = {
  pm_card_visa: card('visa', '4242', '4242424242424242'),
  pm_card_visa_debit: card('visa', '5556', '4000056655665556'),
  pm_card_mastercard: card('mastercard', '4444', '5555555555554444'),
  pm_card_amex: card('amex', '8431', '371449635398431'),
  pm_card_chargeDeclined: card('visa', '0002', '4000000000000002', 'decline'),
  pm_card_chargeDeclinedInsufficientFunds: card('visa', '9995', '4000000000009995', 'insufficient_funds'),
  pm_card_chargeDeclinedExpiredCard: card('visa', '0069', '4000000000000069', 'expired_card'),
  pm_card_authenticationRequired: card('visa', '3184', '4000002760003184', 'authenticate_always'),
  pm_card_threeDSecure2Required: card('visa', '3220', '4000000000003220', 'authenticate_always'),
  pm_card_authenticationRequiredOnSetup: card(
    'visa',
    '3155',
    '4000002500003155',
    'authenticate_unless_off_session',
  ),
  pm_applePay_visa: { ...card('visa', '4242', '4242424242424242'), type: 'wallet', wallet: 'apple_pay' },
  pm_googlePay_mastercard: {
    ...card('mastercard', '4444', '5555555555554444'),
    type: 'wallet',
    wallet: 'google_pay',
  },
  pm_usBankAccount: {
    type: 'bank_account',
    brand: null,
    last4: '6789',
    expMonth: null,
    expYear: null,
    wallet: null,
    bankName: 'STRIPE TEST BANK',
    behaviour: 'succeed',
    number: null,
  },
  pm_sepaDebit: {
    type: 'bank_account',
    brand: null,
    last4: '3000',
    expMonth: null,
    expYear: null,
    wallet: null,
    bankName: 'SEPA TEST BANK',
    behaviour: 'succeed',
    number: null,
  },
};

export const SANDBOX_TOKENS = Object.keys(SANDBOX_INSTRUMENTS);
