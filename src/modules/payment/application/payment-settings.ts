import type { AppConfig } from '../../../platform/config/app-config';

/**
 * The payment context's slice of the configuration (validated at start with everything else in
 * AppConfig). A class, so it is its own injection token.
 */
export class PaymentSettings {
  /** Selects StripeGateway; unset means the embedded sandbox. */
  STRIPE_SECRET_KEY?: string;
  /** The signing secret of the webhook endpoint; unset disables POST /payment/webhooks/stripe (503). */
  STRIPE_WEBHOOK_SECRET?: string;
  /** Another Stripe-compatible API (tests point this at a local fixture server). */
  STRIPE_API_HOST?: string;
  STRIPE_API_PORT?: number;
  STRIPE_API_PROTOCOL?: 'http' | 'https';
  /** How often unfinished payment work (a crash between a gateway call and its record) is resumed. */
  PAYMENT_RECONCILE_INTERVAL_MS = 30_000;
  /** A separate Connect endpoint's signing secret (events about connected accounts), if any. */
  STRIPE_CONNECT_WEBHOOK_SECRET?: string;
  /** Hours after completion before an owner's share is transferred. */
  PAYOUT_DELAY_HOURS = 48;
  PAYOUT_INTERVAL_MS = 300_000;
  /** Days a card authorization stays valid; deposit holds are renewed DEPOSIT_RENEWAL_LEAD_HOURS before. */
  AUTHORIZATION_VALIDITY_DAYS = 7;
  DEPOSIT_RENEWAL_LEAD_HOURS = 60;
  /** How often the reconciliation job compares our records with the gateway's. */
  RECONCILIATION_INTERVAL_MS = 3_600_000;
  /** The web app, where the gateway's onboarding sends the owner back. */
  PUBLIC_WEB_URL = 'http://localhost:3000';
}

export function loadPaymentSettings(config: AppConfig): PaymentSettings {
  return Object.assign(new PaymentSettings(), {
    STRIPE_SECRET_KEY: config.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: config.STRIPE_WEBHOOK_SECRET,
    STRIPE_API_HOST: config.STRIPE_API_HOST,
    STRIPE_API_PORT: config.STRIPE_API_PORT,
    STRIPE_API_PROTOCOL: config.STRIPE_API_PROTOCOL,
    PAYMENT_RECONCILE_INTERVAL_MS: config.PAYMENT_RECONCILE_INTERVAL_MS,
    STRIPE_CONNECT_WEBHOOK_SECRET: config.STRIPE_CONNECT_WEBHOOK_SECRET,
    PAYOUT_DELAY_HOURS: config.PAYOUT_DELAY_HOURS,
    PAYOUT_INTERVAL_MS: config.PAYOUT_INTERVAL_MS,
    PUBLIC_WEB_URL: config.PUBLIC_WEB_URL.replace(/\/+$/, ''),
    AUTHORIZATION_VALIDITY_DAYS: config.AUTHORIZATION_VALIDITY_DAYS,
    DEPOSIT_RENEWAL_LEAD_HOURS: config.DEPOSIT_RENEWAL_LEAD_HOURS,
    RECONCILIATION_INTERVAL_MS: config.RECONCILIATION_INTERVAL_MS,
  });
}
