import type { DataSource } from 'typeorm';
import type { Subscription } from './event-bus';
import type { IntegrationEvent } from './integration-event';
import { inboxTable } from './event-tables';

/**
 * Hands an event to one subscriber exactly once in effect: the inbox row and the handler's writes
 * commit together, so a redelivery (the relay's retry, JetStream's at-least-once) finds the row and
 * does nothing. Returns false when the event had already been handled.
 */
export async function handleOnce(
  dataSource: DataSource,
  subscription: Subscription,
  event: IntegrationEvent,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    const claimed = await manager.query(
      `INSERT INTO ${inboxTable(subscription.inbox)} (event_id, handler) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [event.id, subscription.name],
    );
    if (claimed.length === 0) return false;
    await subscription.handle(event, manager);
    return true;
  });
}
