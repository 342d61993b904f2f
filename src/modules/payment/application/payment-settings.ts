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
}

export function loadPaymentSettings(config: AppConfig): PaymentSettings {
  return Object.assign(new PaymentSettings(), {
    STRIPE_SECRET_KEY: config.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: config.STRIPE_WEBHOOK_SECRET,
    STRIPE_API_HOST: config.STRIPE_API_HOST,
    STRIPE_API_PORT: config.STRIPE_API_PORT,
    STRIPE_API_PROTOCOL: config.STRIPE_API_PROTOCOL,
    PAYMENT_RECONCILE_INTERVAL_MS: config.PAYMENT_RECONCILE_INTERVAL_MS,
  });
}
