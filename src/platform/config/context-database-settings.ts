import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { ContextName } from './contexts';
import { CONTEXT_NAMES } from './contexts';
import { PaymentSettings } from './payment-settings';

const POSTGRES_URL = /^postgres(ql)?:\/\/.+/;
const urlMessage = (name: string) => ({ message: `${name} must be a postgres:// URL` });

/**
 * How each context reaches its own schema. By default every context logs in to DATABASE_URL's
 * database as its own role (created by the migration runner); `<CONTEXT>_DATABASE_URL` puts a context
 * on a database of its own, with that URL's credentials, for migrations and queries alike.
 */
export class ContextDatabaseSettings extends PaymentSettings {
  /** Connections per context's pool; lazy, closed when idle, so only busy contexts hold any. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(100)
  DATABASE_CONTEXT_POOL_SIZE = 5;

  /**
   * Connections per context's guard pool (ContextDataSources.guardFor): the Idempotency-Key and job
   * transactions held open around their work, so at most this many keyed requests (or jobs) of a
   * context run at once per instance; more wait for one (up to 3 s, then 503). Small, so that one
   * monolith with the defaults stays within PostgreSQL's default max_connections (100).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_GUARD_POOL_SIZE = 3;

  @IsOptional() @Matches(POSTGRES_URL, urlMessage('IDENTITY_DATABASE_URL')) IDENTITY_DATABASE_URL?: string;
  @IsOptional() @Matches(POSTGRES_URL, urlMessage('CATALOG_DATABASE_URL')) CATALOG_DATABASE_URL?: string;
  @IsOptional() @Matches(POSTGRES_URL, urlMessage('RENTAL_DATABASE_URL')) RENTAL_DATABASE_URL?: string;
  @IsOptional() @Matches(POSTGRES_URL, urlMessage('MESSAGING_DATABASE_URL')) MESSAGING_DATABASE_URL?: string;
  @IsOptional() @Matches(POSTGRES_URL, urlMessage('REVIEW_DATABASE_URL')) REVIEW_DATABASE_URL?: string;
  @IsOptional() @Matches(POSTGRES_URL, urlMessage('PAYMENT_DATABASE_URL')) PAYMENT_DATABASE_URL?: string;
  @IsOptional()
  @Matches(POSTGRES_URL, urlMessage('SUBSCRIPTION_DATABASE_URL'))
  SUBSCRIPTION_DATABASE_URL?: string;
  @IsOptional() @Matches(POSTGRES_URL, urlMessage('TRUST_DATABASE_URL')) TRUST_DATABASE_URL?: string;
  @IsOptional()
  @Matches(POSTGRES_URL, urlMessage('INTEGRATION_DATABASE_URL'))
  INTEGRATION_DATABASE_URL?: string;
  @IsOptional()
  @Matches(POSTGRES_URL, urlMessage('NOTIFICATION_DATABASE_URL'))
  NOTIFICATION_DATABASE_URL?: string;

  /** The database of its own `context` is configured with, if any. */
  contextDatabaseUrl(context: ContextName): string | undefined {
    return (this as unknown as Record<string, string | undefined>)[`${context.toUpperCase()}_DATABASE_URL`];
  }

  /** Every context with a database of its own, and its URL. */
  get contextDatabaseUrls(): Partial<Record<ContextName, string>> {
    return Object.fromEntries(
      CONTEXT_NAMES.flatMap((context) => {
        const url = this.contextDatabaseUrl(context);
        return url ? [[context, url]] : [];
      }),
    );
  }
}
