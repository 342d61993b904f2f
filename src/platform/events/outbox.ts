import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventRelay } from './event-relay';
import type { IntegrationEvent } from './integration-event';
import { outboxTable } from './event-tables';

/**
 * Writes integration events into the publishing context's outbox, inside the caller's
 * transaction: the events exist if and only if the change that caused them committed. The relay
 * is woken, so an idle one delivers them within its short interval.
 */
@Injectable()
export class Outbox {
  constructor(private readonly relay: EventRelay) {}

  async publish(manager: EntityManager, schema: string, ...events: IntegrationEvent[]): Promise<void> {
    for (const event of events) {
      await manager.query(
        `INSERT INTO ${outboxTable(schema)} (id, type, version, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)`,
        [event.id, event.type, event.version, JSON.stringify(event.payload), event.occurredAt],
      );
    }
    if (events.length > 0) this.relay.wake(schema);
  }
}
