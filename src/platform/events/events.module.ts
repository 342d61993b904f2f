import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus';
import { EventRelay } from './event-relay';
import { EventRetentionJob } from './event-retention.job';
import { JetStreamPublisher } from './jetstream-publisher';
import { Outbox } from './outbox';

/**
 * Outbox writer, subscriber registry and relay (plus JetStream when configured), shared by every
 * context, and the job that prunes delivered events.
 */
@Global()
@Module({
  providers: [Outbox, EventBus, EventRelay, JetStreamPublisher, EventRetentionJob],
  exports: [Outbox, EventBus, EventRelay],
})
export class EventsModule {}
