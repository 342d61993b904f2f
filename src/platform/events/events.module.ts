import { Global, Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { EventBus } from './event-bus';
import { EventRelay } from './event-relay';
import { EventRetentionJob } from './event-retention.job';
import { JetStreamConnection } from './jetstream-connection';
import { JetStreamPublisher } from './jetstream-publisher';
import { JetStreamSubscribers } from './jetstream-subscribers';
import { Outbox } from './outbox';

/**
 * Outbox writer, subscriber registry and relay, shared by every context, and the job that prunes
 * delivered events. With NATS_URL, events travel through JetStream: the relay publishes, and this
 * process's subscriptions consume from durable consumers.
 */
@Global()
@Module({
  imports: [MetricsModule],
  providers: [
    Outbox,
    EventBus,
    EventRelay,
    JetStreamConnection,
    JetStreamPublisher,
    JetStreamSubscribers,
    EventRetentionJob,
  ],
  exports: [Outbox, EventBus, EventRelay],
})
export class EventsModule {}
