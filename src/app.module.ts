import type { DynamicModule, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { CATALOG_REMOTING, CatalogModule } from './modules/catalog';
import { IDENTITY_REMOTING, IdentityModule } from './modules/identity';
import { INTEGRATION_REMOTING, IntegrationModule } from './modules/integration';
import { MESSAGING_REMOTING, MessagingModule } from './modules/messaging';
import { NOTIFICATION_REMOTING, NotificationModule } from './modules/notification';
import { PAYMENT_REMOTING, PaymentModule } from './modules/payment';
import { RENTAL_REMOTING, RentalModule } from './modules/rental';
import { REVIEW_REMOTING, ReviewModule } from './modules/review';
import { SUBSCRIPTION_REMOTING, SubscriptionModule } from './modules/subscription';
import { REPORTABLE_CONTENT_REGISTRY, TRUST_REMOTING, TrustModule } from './modules/trust';
import { AppConfig } from './platform/config/app-config';
import type { ContextName } from './platform/config/contexts';
import { ERASURE_BLOCKERS, PERSONAL_DATA_EXPORTERS } from './platform/privacy/personal-data-remoting';
import { RemoteContractsModule } from './platform/remote/remote-contracts.module';
import { ConfigModule } from './platform/config/config.module';
import { CryptoModule } from './platform/crypto/crypto.module';
import { PrivacyModule } from './platform/privacy/personal-data';
import { MailModule } from './platform/mail/mail.module';
import { AuditModule } from './platform/audit/audit.module';
import { MediaModule } from './platform/media/media.module';
import { AuthPlatformModule } from './platform/auth/auth-platform.module';
import { DatabaseModule } from './platform/database/database.module';
import { EventsModule } from './platform/events/events.module';
import { HealthModule } from './platform/health/health.module';
import { IdempotencyModule } from './platform/idempotency/idempotency.module';
import { JobsModule } from './platform/jobs/jobs.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { HttpPlatformModule } from './platform/http/http-platform.module';

/** Each context's Nest module; a process imports those CONTEXTS names (all, in the monolith). */
export const CONTEXT_MODULES: Record<ContextName, Type> = {
  identity: IdentityModule,
  catalog: CatalogModule,
  rental: RentalModule,
  messaging: MessagingModule,
  review: ReviewModule,
  payment: PaymentModule,
  subscription: SubscriptionModule,
  trust: TrustModule,
  integration: IntegrationModule,
  notification: NotificationModule,
};

/** What every context offers across processes, for a split (see RemoteContractsModule). */
const REMOTING = {
  contexts: [
    IDENTITY_REMOTING,
    CATALOG_REMOTING,
    RENTAL_REMOTING,
    MESSAGING_REMOTING,
    REVIEW_REMOTING,
    PAYMENT_REMOTING,
    SUBSCRIPTION_REMOTING,
    TRUST_REMOTING,
    INTEGRATION_REMOTING,
    NOTIFICATION_REMOTING,
  ],
  registries: [PERSONAL_DATA_EXPORTERS, ERASURE_BLOCKERS, REPORTABLE_CONTENT_REGISTRY],
};

@Module({})
export class AppModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl),
        HttpPlatformModule,
        AuthPlatformModule,
        EventsModule,
        CryptoModule,
        PrivacyModule,
        MailModule,
        AuditModule,
        MediaModule,
        JobsModule,
        IdempotencyModule,
        MetricsModule,
        HealthModule,
        ...config.hostedContexts.map((context) => CONTEXT_MODULES[context]),
        ...(config.isSplit ? [RemoteContractsModule.forRoot(config, REMOTING)] : []),
      ],
    };
  }
}
