import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyVerifier } from '../../platform/auth/api-key';
import { ApiClientsService } from './application/api-clients.service';
import { ApiKeyVerifierService } from './application/api-key-verifier.service';
import { EventFeedService } from './application/event-feed.service';
import { EventFeedWriter } from './application/event-feed.writer';
import { FeedRetentionJob } from './application/feed-retention.job';
import { OperatorRentalsService } from './application/operator-rentals.service';
import { AdminApiClientsController } from './http/admin-api-clients.controller';
import { EventsController } from './http/events.controller';
import { IntegrationRentalsController } from './http/integration-rentals.controller';
import { PublishedEventsOpenApi } from './http/published-events.openapi';
import { ApiClientEntity } from './persistence/api-client.entity';
import { ApiKeyUsageEntity } from './persistence/api-key-usage.entity';
import { ApiKeyEntity } from './persistence/api-key.entity';
import { FeedEventEntity, FeedStateEntity } from './persistence/feed-event.entity';

const entities = [ApiClientEntity, ApiKeyEntity, ApiKeyUsageEntity, FeedEventEntity, FeedStateEntity];
const credentials = [ApiClientsService, { provide: ApiKeyVerifier, useClass: ApiKeyVerifierService }];
const reads = [OperatorRentalsService];
const feed = [EventFeedWriter, EventFeedService, FeedRetentionJob, PublishedEventsOpenApi];

// Global: the platform's auth guard injects ApiKeyVerifier (a platform port this context
// implements) without importing this module, as platform code never imports a context.
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(entities)],
  controllers: [AdminApiClientsController, IntegrationRentalsController, EventsController],
  providers: [...credentials, ...reads, ...feed],
  exports: [ApiKeyVerifier],
})
export class IntegrationModule {}
