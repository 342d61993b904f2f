import { Global, Module } from '@nestjs/common';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { PaymentEventsHandler } from './application/payment-events.handler';
import { PlansService } from './application/plans.service';
import { Renewals } from './application/renewals';
import { SubscriptionApiService } from './application/subscription-api.service';
import { SubscriptionBilling } from './application/subscription-billing';
import { SubscriptionsService } from './application/subscriptions.service';
import { UsageEventsHandler } from './application/usage-events.handler';
import { UsageService } from './application/usage.service';
import { SubscriptionUserErasureHandler } from './application/user-erasure.handler';
import { SubscriptionPersonalDataExport } from './application/personal-data-export';
import { ListingQuota } from '../catalog';
import { SubscriptionApi } from './contracts/subscription-api';
import { PlansController } from './http/plans.controller';
import { SubscriptionsController } from './http/subscriptions.controller';
import { ChargeEntity } from './persistence/charge.entity';
import { ListingUsageEntity } from './persistence/listing-usage.entity';
import { PlanEntity } from './persistence/plan.entity';
import { RentalUsageEntity } from './persistence/rental-usage.entity';
import { SubscriptionEntity } from './persistence/subscription.entity';

const entities = [PlanEntity, SubscriptionEntity, ChargeEntity, ListingUsageEntity, RentalUsageEntity];
const useCases = [PlansService, SubscriptionsService, UsageService, SubscriptionBilling];
const background = [Renewals, UsageEventsHandler, PaymentEventsHandler, SubscriptionUserErasureHandler];
const personalDataExport = [SubscriptionPersonalDataExport];
const publicApi = { provide: SubscriptionApi, useClass: SubscriptionApiService };
// Plugs the plan limits into the catalog's own port, so the catalog never imports this context.
const listingQuota = { provide: ListingQuota, useExisting: SubscriptionApi };

// Global: other contexts inject the exported public API (the only export) without importing this
// module, so contexts depend on each other's contracts alone and never form module cycles.
@Global()
@Module({
  imports: [ContextDatabaseModule.forContext('subscription', entities)],
  controllers: [PlansController, SubscriptionsController],
  providers: [...personalDataExport, ...useCases, ...background, publicApi, listingQuota],
  exports: [SubscriptionApi, ListingQuota],
})
export class SubscriptionModule {}
