import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus';
import { EventRelay } from './event-relay';
import { Outbox } from './outbox';

/** Outbox writer, subscriber registry and relay, shared by every context. */
@Global()
@Module({ providers: [Outbox, EventBus, EventRelay], exports: [Outbox, EventBus, EventRelay] })
export class EventsModule {}
