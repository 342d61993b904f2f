import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * Adds a message to the recipient's open digest of that conversation (one open digest per pair,
 * by a unique partial index), starting one when there is none.
 */
export async function gatherMessage(
  manager: EntityManager,
  m: {
    recipientId: string;
    conversationId: string;
    senderId: string;
    productId: string;
    rentalId: string | null;
    at: string;
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO notification.message_digests AS d (id, recipient_id, conversation_id, sender_id, product_id,
       rental_id, first_at, last_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (recipient_id, conversation_id) WHERE sent_at IS NULL
     DO UPDATE SET message_count = d.message_count + 1, last_at = greatest(d.last_at, excluded.last_at)`,
    [randomUUID(), m.recipientId, m.conversationId, m.senderId, m.productId, m.rentalId, m.at],
  );
}

export interface DueDigest {
  id: string;
  recipient_id: string;
  conversation_id: string;
  sender_id: string;
  product_id: string;
  rental_id: string | null;
  message_count: number;
}

/**
 * Digests whose first message is at least `minutes` old at `now`, locked for this run and closed:
 * a message arriving meanwhile opens the next digest.
 */
export function closeDueDigests(manager: EntityManager, now: Date, minutes: number): Promise<DueDigest[]> {
  return manager.query(
    `WITH due AS (
       SELECT id FROM notification.message_digests
       WHERE sent_at IS NULL AND first_at <= $1::timestamptz - make_interval(mins => $2)
       ORDER BY first_at LIMIT 200 FOR UPDATE SKIP LOCKED),
     closed AS (
       UPDATE notification.message_digests d SET sent_at = $1 FROM due WHERE d.id = due.id
       RETURNING d.id, d.recipient_id, d.conversation_id, d.sender_id, d.product_id, d.rental_id, d.message_count)
     SELECT * FROM closed`,
    [now, minutes],
  );
}
