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

/** Who listens to what. Subscribers register at module init; the relay (or JetStream) delivers. */
@Injectable()
export class EventBus {
  private readonly subscriptions = new Map<string, Subscription[]>();
  private readonly listeners: ((inbox: string) => void)[] = [];

  subscribe<P>(
    definition: EventDefinition<P>,
    subscription: { name: string; inbox: string; handle: EventHandler<P> },
  ): void {
    const key = keyOf(definition);
    const list = this.subscriptions.get(key) ?? [];
    if (list.some((s) => s.name === subscription.name))
      throw new Error(`Duplicate subscriber ${subscription.name}`);
    list.push(subscription as Subscription);
    this.subscriptions.set(key, list);
    for (const listener of this.listeners) listener(subscription.inbox);
  }

  subscribersOf(event: Pick<IntegrationEvent, 'type' | 'version'>): Subscription[] {
    return this.subscriptions.get(keyOf(event)) ?? [];
  }

  /** The schemas whose inboxes record what this process's subscribers handled. */
  inboxes(): string[] {
    const inboxes = new Set<string>();
    for (const list of this.subscriptions.values()) for (const s of list) inboxes.add(s.inbox);
    return [...inboxes].sort();
  }

  /** Told the inbox of every subscription made from now on (a JetStream consumer may be missing for it). */
  onSubscribe(listener: (inbox: string) => void): void {
    this.listeners.push(listener);
  }
}

const keyOf = (event: Pick<IntegrationEvent, 'type' | 'version'>) => `${event.type}@${event.version}`;
