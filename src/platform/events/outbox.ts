import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IntegrationEvent } from './integration-event';

const SCHEMA = /^[a-z][a-z_]*$/;

export const outboxTable = (schema: string) => {
  if (!SCHEMA.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  return `"${schema}".outbox_events`;
};
export const inboxTable = (schema: string) => {
  if (!SCHEMA.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  return `"${schema}".inbox_events`;
};

/**
 * Writes integration events into the publishing context's outbox, inside the caller's
 * transaction: the events exist if and only if the change that caused them committed.
 */
@Injectable()
export class Outbox {
  async publish(manager: EntityManager, schema: string, ...events: IntegrationEvent[]): Promise<void> {
    for (const event of events) {
      await manager.query(
        `INSERT INTO ${outboxTable(schema)} (id, type, version, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)`,
        [event.id, event.type, event.version, JSON.stringify(event.payload), event.occurredAt],
      );
    }
  }
}
