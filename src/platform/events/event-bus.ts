import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventDefinition, IntegrationEvent } from './integration-event';

export type EventHandler<P> = (event: IntegrationEvent<P>, manager: EntityManager) => Promise<void>;

export interface Subscription {
  /** Stable name, recorded in the inbox: `messaging.post-rental-system-message`. */
  name: string;
  /** The subscribing context's schema, whose inbox records what it has handled. */
  inbox: string;
  handle: EventHandler<unknown>;
}

/** Who listens to what. Subscribers register at module init; the relay delivers. */
@Injectable()
export class EventBus {
  private readonly subscriptions = new Map<string, Subscription[]>();

  subscribe<P>(
    definition: EventDefinition<P>,
    subscription: { name: string; inbox: string; handle: EventHandler<P> },
  ): void {
    const key = `${definition.type}@${definition.version}`;
    const list = this.subscriptions.get(key) ?? [];
    if (list.some((s) => s.name === subscription.name))
      throw new Error(`Duplicate subscriber ${subscription.name}`);
    list.push(subscription as Subscription);
    this.subscriptions.set(key, list);
  }

  subscribersOf(event: IntegrationEvent): Subscription[] {
    return this.subscriptions.get(`${event.type}@${event.version}`) ?? [];
  }
}
