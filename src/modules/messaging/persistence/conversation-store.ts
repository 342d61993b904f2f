import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ConversationParties } from '../domain/conversation-participants';
import type { Attachment, MessageType } from '../domain/message-content';
import type { MessageRow } from './message-row';
import { MESSAGE_COLUMNS } from './message-row';

/**
 * Writes to conversations and messages, always inside the caller's transaction. Everything about
 * one (product, renter) pair — opening the inquiry, linking it to a rental, creating the rental's
 * conversation — is serialised by a transaction-scoped advisory lock on that pair, so the unique
 * indexes are a safety net and never a 500.
 */
export async function lockPair(manager: EntityManager, productId: string, renterId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`messaging:${productId}:${renterId}`]);
}

export async function findInquiry(
  manager: EntityManager,
  productId: string,
  renterId: string,
): Promise<string | null> {
  const [row] = await manager.query(
    `SELECT id FROM messaging.conversations WHERE product_id = $1 AND renter_id = $2 AND rental_id IS NULL`,
    [productId, renterId],
  );
  return row?.id ?? null;
}

export async function findByRental(manager: EntityManager, rentalId: string): Promise<string | null> {
  const [row] = await manager.query(`SELECT id FROM messaging.conversations WHERE rental_id = $1`, [
    rentalId,
  ]);
  return row?.id ?? null;
}

/** The renter's open inquiry about the product becomes the rental's conversation; its id, if any. */
export async function linkInquiry(
  manager: EntityManager,
  productId: string,
  renterId: string,
  rentalId: string,
): Promise<string | null> {
  const [rows] = await manager.query(
    `UPDATE messaging.conversations SET rental_id = $3, updated_at = now()
     WHERE product_id = $1 AND renter_id = $2 AND rental_id IS NULL RETURNING id`,
    [productId, renterId, rentalId],
  );
  return rows?.[0]?.id ?? null;
}

/** A new conversation with its two participants; null when one already holds its unique slot. */
export async function insertConversation(
  manager: EntityManager,
  conversation: ConversationParties & { productId: string; rentalId: string | null },
): Promise<string | null> {
  const id = randomUUID();
  const inserted = await manager.query(
    `INSERT INTO messaging.conversations (id, product_id, rental_id, renter_id, owner_id, last_message_at)
     VALUES ($1, $2, $3, $4, $5, clock_timestamp()) ON CONFLICT DO NOTHING RETURNING id`,
    [id, conversation.productId, conversation.rentalId, conversation.renterId, conversation.ownerId],
  );
  if (inserted.length === 0) return null;
  await manager.query(
    `INSERT INTO messaging.conversation_participants (conversation_id, user_id, role)
     VALUES ($1, $2, 'renter'), ($1, $3, 'owner')`,
    [id, conversation.renterId, conversation.ownerId],
  );
  return id;
}

export interface NewMessage {
  type: MessageType;
  senderId: string | null;
  body: string | null;
  attachment: Attachment | null;
  systemEvent?: string | null;
  actorId?: string | null;
}

/**
 * Appends a message. Its created_at is taken while holding the conversation's row lock and is
 * strictly after the previous message's, so messages commit in (created_at, id) order and a
 * reader paging with a cursor can never miss one that lands "in the past" later.
 */
export async function appendMessage(
  manager: EntityManager,
  conversationId: string,
  message: NewMessage,
): Promise<MessageRow> {
  const a = message.attachment;
  const [row] = await manager.query(
    `WITH c AS (
       UPDATE messaging.conversations
       SET last_message_at = greatest(clock_timestamp(), last_message_at + interval '1 microsecond'),
           updated_at = now()
       WHERE id = $1 RETURNING id, last_message_at
     ), m AS (
       INSERT INTO messaging.messages (id, conversation_id, sender_id, type, body, attachment_url,
         attachment_name, attachment_size, attachment_mime_type, system_event, actor_id, created_at)
       SELECT $2, c.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, c.last_message_at FROM c
       RETURNING *
     )
     SELECT ${MESSAGE_COLUMNS('m')} FROM m`,
    [
      conversationId,
      randomUUID(),
      message.senderId,
      message.type,
      message.body,
      a?.url ?? null,
      a?.name ?? null,
      a?.size ?? null,
      a?.mimeType ?? null,
      message.systemEvent ?? null,
      message.actorId ?? null,
    ],
  );
  if (!row) throw new Error(`Conversation ${conversationId} vanished while posting`);
  if (message.senderId !== null) await markRead(manager, conversationId, message.senderId, row.id);
  return row;
}

/**
 * Moves a participant's read position forward to `messageId` (never backwards: an old client
 * acknowledging an older message must not resurrect unread ones). Returns false when the message
 * is not in the conversation, or was removed by a moderator (nobody reads it any more).
 */
export async function markRead(
  manager: EntityManager,
  conversationId: string,
  userId: string,
  messageId: string,
): Promise<boolean> {
  const [found] = await manager.query(
    `SELECT 1 FROM messaging.messages WHERE id = $1 AND conversation_id = $2 AND removed_at IS NULL`,
    [messageId, conversationId],
  );
  if (!found) return false;
  await manager.query(
    `UPDATE messaging.conversation_participants p
     SET last_read_at = m.created_at, last_read_message_id = m.id
     FROM messaging.messages m
     WHERE p.conversation_id = $1 AND p.user_id = $2 AND m.id = $3 AND m.conversation_id = $1
       AND (p.last_read_at IS NULL OR (m.created_at, m.id) > (p.last_read_at, p.last_read_message_id))`,
    [conversationId, userId, messageId],
  );
  return true;
}
