import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import { defineEvent } from '../../../platform/events/integration-event';
import { project } from '../domain/event-projection';
import type { PublishedEvent } from '../domain/published-events';
import { PAYLOAD_SCHEMAS, PUBLISHED_EVENTS, publishedSchemas } from '../domain/published-events';
import { appendToFeed } from '../persistence/feed.store';

export const FEED_SUBSCRIBER = 'integration.feed';

/** What else happens, in the same transaction, when an event joins the feed (webhook fan-out). */
export abstract class FeedListener {
  abstract appended(
    manager: EntityManager,
    position: string,
    event: PublishedEvent,
    resource: string,
  ): Promise<void>;
}

/**
 * Fills the feed from every context's outbox, through the platform's relay: an inbox subscriber
 * (inbox `integration`) of each published event type. The relay hands each outbox's events over in
 * order, at least once; the inbox and the feed's unique event id make a redelivery a no-op, and
 * appends are serialized (feed.store.ts) so feed positions follow commit order. The payload is
 * projected through its published schema on the way in: the feed holds only the contract.
 */
@Injectable()
export class EventFeedWriter implements OnModuleInit {
  private readonly schemas = publishedSchemas();
  private readonly listeners: FeedListener[] = [];

  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    for (const published of PUBLISHED_EVENTS) {
      this.bus.subscribe(defineEvent(published.type, published.version), {
        name: FEED_SUBSCRIBER,
        inbox: 'integration',
        handle: (event, manager) => this.append(manager, published, event),
      });
    }
  }

  /** Registers what runs with each append (in its transaction, under the append lock). */
  listen(listener: FeedListener): void {
    this.listeners.push(listener);
  }

  async append(manager: EntityManager, published: PublishedEvent, event: IntegrationEvent): Promise<void> {
    const payload = project(event.payload, PAYLOAD_SCHEMAS[published.payloadSchema], this.schemas) as Record<
      string,
      unknown
    >;
    const resource = published.resource(payload);
    const position = await appendToFeed(manager, {
      id: event.id,
      type: event.type,
      version: event.version,
      resource,
      occurredAt: event.occurredAt,
      payload,
    });
    if (position === null) return;
    for (const listener of this.listeners) await listener.appended(manager, position, published, resource);
  }
}
