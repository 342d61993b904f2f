import { Global, Module } from '@nestjs/common';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { ApiKeyVerifier } from '../../platform/auth/api-key';
import { ApiClientsService } from './application/api-clients.service';
import { ApiKeyVerifierService } from './application/api-key-verifier.service';
import { EventFeedService } from './application/event-feed.service';
import { EventFeedWriter } from './application/event-feed.writer';
import { FeedRetentionJob } from './application/feed-retention.job';
import { HostResolver } from './application/host-resolver';
import { OperatorRentalsService } from './application/operator-rentals.service';
import { WebhookDeliveriesService } from './application/webhook-deliveries.service';
import { WebhookDispatcher } from './application/webhook-dispatcher';
import { WebhookEndpointsService } from './application/webhook-endpoints.service';
import { WebhookFanOut } from './application/webhook-fan-out';
import { WebhookSender } from './application/webhook-sender';
import { AdminApiClientsController } from './http/admin-api-clients.controller';
import { AdminWebhooksController } from './http/admin-webhooks.controller';
import { EventsController } from './http/events.controller';
import { IntegrationRentalsController } from './http/integration-rentals.controller';
import { PublishedEventsOpenApi } from './http/published-events.openapi';
import { WebhooksController } from './http/webhooks.controller';
import { ApiClientEntity } from './persistence/api-client.entity';
import { ApiKeyUsageEntity } from './persistence/api-key-usage.entity';
import { ApiKeyEntity } from './persistence/api-key.entity';
import { FeedEventEntity, FeedStateEntity } from './persistence/feed-event.entity';
import { WebhookAttemptEntity } from './persistence/webhook-attempt.entity';
import { WebhookDeliveryEntity } from './persistence/webhook-delivery.entity';
import { WebhookEndpointEntity } from './persistence/webhook-endpoint.entity';

const entities = [
  ApiClientEntity,
  ApiKeyEntity,
  ApiKeyUsageEntity,
  FeedEventEntity,
  FeedStateEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
];
const credentials = [ApiClientsService, { provide: ApiKeyVerifier, useClass: ApiKeyVerifierService }];
const reads = [OperatorRentalsService];
const feed = [EventFeedWriter, EventFeedService, FeedRetentionJob, PublishedEventsOpenApi];
const webhooks = [
  WebhookEndpointsService,
  WebhookDeliveriesService,
  WebhookFanOut,
  WebhookDispatcher,
  WebhookSender,
  HostResolver,
];

// Global: the platform's auth guard injects ApiKeyVerifier (a platform port this context
// implements) without importing this module, as platform code never imports a context.
@Global()
@Module({
  imports: [ContextDatabaseModule.forContext('integration', entities)],
  controllers: [
    AdminApiClientsController,
    AdminWebhooksController,
    IntegrationRentalsController,
    EventsController,
    WebhooksController,
  ],
  providers: [...credentials, ...reads, ...feed, ...webhooks],
  exports: [ApiKeyVerifier],
})
export class IntegrationModule {}
