import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Settings of account recovery and security (identity) and of the platform's mail path. A base
 * class of AppConfig, kept apart so neither file grows past one screenful of rules.
 */
export class AccountSettings {
  /** Hours an email verification (or email change) link stays valid. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  EMAIL_VERIFICATION_TTL_HOURS = 48;

  /** Minutes a password reset link stays valid. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(1440)
  PASSWORD_RESET_TTL_MINUTES = 60;

  /** Unverified accounts may browse and message but not list or rent; off for demo data. */
  @Transform(toBool)
  @IsBoolean()
  IDENTITY_REQUIRE_VERIFIED_EMAIL = true;

  /** Verification re-sends and reset requests per account (and per IP, times 5) per hour. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  ACCOUNT_EMAIL_RATE_LIMIT_PER_HOUR = 5;

  /** Second-factor codes tried per account per 15 minutes (a 6-digit code must not be guessable). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  MFA_RATE_LIMIT_PER_ACCOUNT = 5;

  /** Seconds a login challenge (password accepted, second factor pending) stays open. */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(1800)
  MFA_CHALLENGE_TTL_SECONDS = 300;

  /** Days a finished personal-data export can be downloaded. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  DATA_EXPORT_TTL_DAYS = 7;

  /** Where links in emails point (the web app): `<PUBLIC_WEB_URL>/verify-email?token=...`. */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_WEB_URL must be an http(s) URL' })
  PUBLIC_WEB_URL = 'http://localhost:3000';

  /** An SMTP server (smtp:// or smtps://user:pass@host:port); unset keeps mail in the development mailbox. */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From header of every email. */
  @IsString()
  MAIL_FROM = 'OneSociety <no-reply@onesociety.local>';

  /** Serve the development mailbox (GET /api/v1/dev/mailbox); never in production. */
  @Transform(toBool)
  @IsBoolean()
  DEV_MAILBOX_ENABLED = true;

  /** How often the mail dispatcher looks for messages due (0: only when woken, for tests). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600000)
  MAIL_DISPATCH_INTERVAL_MS = 1000;
}
