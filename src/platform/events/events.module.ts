import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus';
import { EventRelay } from './event-relay';
import { JetStreamPublisher } from './jetstream-publisher';
import { Outbox } from './outbox';

/** Outbox writer, subscriber registry and relay (plus JetStream when configured), shared by every context. */
@Global()
@Module({
  providers: [Outbox, EventBus, EventRelay, JetStreamPublisher],
  exports: [Outbox, EventBus, EventRelay],
})
export class EventsModule {}
