import { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { CatalogModule } from './modules/catalog';
import { IdentityModule } from './modules/identity';
import { IntegrationModule } from './modules/integration';
import { MessagingModule } from './modules/messaging';
import { NotificationModule } from './modules/notification';
import { PaymentModule } from './modules/payment';
import { RentalModule } from './modules/rental';
import { ReviewModule } from './modules/review';
import { SubscriptionModule } from './modules/subscription';
import { TrustModule } from './modules/trust';
import { AppConfig } from './platform/config/app-config';
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
        IdentityModule,
        CatalogModule,
        RentalModule,
        MessagingModule,
        ReviewModule,
        PaymentModule,
        SubscriptionModule,
        TrustModule,
        IntegrationModule,
        NotificationModule,
      ],
    };
  }
}
