import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { NotificationSettings } from './notification-settings';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Settings of the money path: the Stripe gateway (or the embedded sandbox), owners' payouts,
 * deposit holds and reconciliation. A base class of AppConfig, kept apart so no settings file
 * grows past one screenful.
 */
export class PaymentSettings extends NotificationSettings {
  /** Selects the Stripe gateway; unset means the embedded sandbox (Stripe test-mode behaviour). */
  @IsOptional()
  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, { message: 'STRIPE_SECRET_KEY must look like sk_test_...' })
  STRIPE_SECRET_KEY?: string;

  /** Signing secret of the Stripe webhook endpoint; unset answers webhooks 503. */
  @IsOptional()
  @Matches(/^whsec_[A-Za-z0-9]+$/, { message: 'STRIPE_WEBHOOK_SECRET must look like whsec_...' })
  STRIPE_WEBHOOK_SECRET?: string;

  /** Another Stripe-compatible API (tests point these at a local fixture server). */
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

  /**
   * A listing takes bookings only once its owner's connected account can receive payouts. Unset:
   * on in production, off elsewhere (the demo and `npm start` book without onboarding first).
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  PAYOUTS_REQUIRE_ONBOARDING?: boolean;

  /** Hours after a rental's completion before the owner's share is transferred to them. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2160)
  PAYOUT_DELAY_HOURS = 48;

  /** How often due payouts are looked for (one instance at a time). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  PAYOUT_INTERVAL_MS = 300_000;

  /** Days a card authorization (a deposit hold) stays valid at the card network; online: about 7. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  AUTHORIZATION_VALIDITY_DAYS = 7;

  /** Hours before a deposit hold lapses that the renewal job replaces it (also covers Visa's shorter 4d18h). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  DEPOSIT_RENEWAL_LEAD_HOURS = 60;

  /** How often payments, transfers and disputes are compared with the gateway's (one instance at a time). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  RECONCILIATION_INTERVAL_MS = 3_600_000;

  /** Signing secret of a separate Connect webhook endpoint, if its events arrive with their own secret. */
  @IsOptional()
  @Matches(/^whsec_[A-Za-z0-9]+$/, { message: 'STRIPE_CONNECT_WEBHOOK_SECRET must look like whsec_...' })
  STRIPE_CONNECT_WEBHOOK_SECRET?: string;
}
