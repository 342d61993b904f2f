import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import type { AppConfig } from '../../../platform/config/app-config';

/**
 * The payment context's settings. They belong in AppConfig (see the report to the lead); until
 * then they are read from the same validated configuration object, which carries every variable
 * of the environment it was loaded from, and checked here with the same rules.
 */
export class PaymentSettings {
  /** Selects StripeGateway; unset means the embedded sandbox. */
  @IsOptional()
  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, { message: 'STRIPE_SECRET_KEY must look like sk_test_...' })
  STRIPE_SECRET_KEY?: string;

  /** The signing secret of the webhook endpoint; unset disables POST /payment/webhooks/stripe (503). */
  @IsOptional()
  @Matches(/^whsec_[A-Za-z0-9]+$/, { message: 'STRIPE_WEBHOOK_SECRET must look like whsec_...' })
  STRIPE_WEBHOOK_SECRET?: string;

  /** Another Stripe-compatible API (tests point this at a local fixture server). */
  @IsOptional()
  @IsString()
  STRIPE_API_HOST?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  STRIPE_API_PORT?: number;

  @IsOptional()
  @IsIn(['http', 'https'])
  STRIPE_API_PROTOCOL?: 'http' | 'https';

  /** How often unfinished payment work (a crash between a gateway call and its record) is resumed. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  PAYMENT_RECONCILE_INTERVAL_MS = 30_000;
}

const KEYS: (keyof PaymentSettings)[] = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_HOST',
  'STRIPE_API_PORT',
  'STRIPE_API_PROTOCOL',
  'PAYMENT_RECONCILE_INTERVAL_MS',
];

export function loadPaymentSettings(config: AppConfig): PaymentSettings {
  const source = config as unknown as Record<string, unknown>;
  const present = Object.fromEntries(
    KEYS.map((k) => [k, source[k]]).filter(([, v]) => v !== undefined && v !== ''),
  );
  const settings = plainToInstance(PaymentSettings, present, { exposeDefaultValues: true });
  const [first] = validateSync(settings);
  if (first) {
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new Error(`Invalid configuration: ${first.property} ${reason.replace(`${first.property} `, '')}`);
  }
  return settings;
}
