import type { EntityManager } from 'typeorm';
import type { ParticipantRole } from '../domain/conversation-participants';
import type { MessagePosition } from '../domain/message-cursor';
import type { MessageRow } from './message-row';
import { MESSAGE_COLUMNS, prefixedMessageRow } from './message-row';

export interface ConversationRow {
  id: string;
  productId: string;
  rentalId: string | null;
  renterId: string;
  ownerId: string;
  lastMessageAt: Date;
  createdAt: Date;
  /** The reader's role in it. */
  role: ParticipantRole;
  lastMessage: MessageRow | null;
  unreadCount: number;
  lastReadMessageId: string | null;
}

/**
 * One query for a page of a user's inbox: the page of conversations is chosen first (a join on the
 * reader's participant rows, sorted by activity, limited), and only then does each of those rows
 * get its last message and the reader's unread count, two LATERAL lookups on
 * ix_messages_conversation_position (the count is a range scan after the read position). A page
 * therefore costs the same however many conversations or messages the reader has.
 * Messages the reader wrote, or system messages the reader caused, are never unread. Messages a
 * moderator removed are neither the last message nor unread (the conversation's activity time
 * still counts them: it says when something last happened there).
 */
const inbox = (where: string, tail = '') => `
  WITH page AS (
    SELECT c.id, c.product_id, c.rental_id, c.renter_id, c.owner_id, c.last_message_at, c.created_at,
           p.user_id, p.role, p.last_read_at, p.last_read_message_id
    FROM messaging.conversation_participants p
    JOIN messaging.conversations c ON c.id = p.conversation_id
    WHERE ${where} ${tail}
  )
  SELECT page.*, u.unread, ${MESSAGE_COLUMNS('lm', 'lm_')}
  FROM page
  LEFT JOIN LATERAL (
    SELECT * FROM messaging.messages m WHERE m.conversation_id = page.id AND m.removed_at IS NULL
    ORDER BY m.created_at DESC, m.id DESC LIMIT 1
  ) lm ON true
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS unread FROM messaging.messages m
    WHERE m.conversation_id = page.id AND m.removed_at IS NULL
      AND (page.last_read_at IS NULL OR (m.created_at, m.id) > (page.last_read_at, page.last_read_message_id))
      AND coalesce(m.sender_id, m.actor_id) IS DISTINCT FROM page.user_id
  ) u
  ORDER BY page.last_message_at DESC, page.id DESC`;

function toConversationRow(row: Record<string, unknown>): ConversationRow {
  return {
    id: row.id as string,
    productId: row.product_id as string,
    rentalId: row.rental_id as string | null,
    renterId: row.renter_id as string,
    ownerId: row.owner_id as string,
    lastMessageAt: row.last_message_at as Date,
    createdAt: row.created_at as Date,
    role: row.role as ParticipantRole,
    lastMessage: prefixedMessageRow(row, 'lm_'),
    unreadCount: row.unread as number,
    lastReadMessageId: row.last_read_message_id as string | null,
  };
}

/** Conversations with someone the reader blocked, or who blocked the reader ($n), are left out. */
const notWith = (param: string) =>
  `NOT (c.renter_id = ANY(${param}::uuid[]) OR c.owner_id = ANY(${param}::uuid[]))`;

/** Newest activity first; ties (same instant) broken by id so pages are deterministic. */
export const INBOX_PAGE_SQL = inbox(
  `p.user_id = $1 AND ${notWith('$4')}`,
  'ORDER BY c.last_message_at DESC, c.id DESC LIMIT $2 OFFSET $3',
);
const ONE_CONVERSATION_SQL = inbox('p.conversation_id = $1 AND p.user_id = $2');

/** Messages a moderator removed are left out of every page (the index still orders the scan). */
export const MESSAGES_BEFORE_SQL = `SELECT ${MESSAGE_COLUMNS('m')} FROM messaging.messages m
  WHERE m.conversation_id = $1 AND m.removed_at IS NULL AND (m.created_at, m.id) < ($2::timestamptz, $3::uuid)
  ORDER BY m.created_at DESC, m.id DESC LIMIT $4`;

/** A page of `userId`'s inbox without the conversations with `hiddenUserIds` (blocked either way). */
export async function inboxPage(
  manager: EntityManager,
  userId: string,
  limit: number,
  offset: number,
  hiddenUserIds: string[],
): Promise<{ rows: ConversationRow[]; total: number }> {
  const rows = await manager.query(INBOX_PAGE_SQL, [userId, limit, offset, hiddenUserIds]);
  // Without blocks (the usual case) the count needs the participant rows alone.
  const [{ total }] =
    hiddenUserIds.length === 0
      ? await manager.query(
          'SELECT count(*)::int AS total FROM messaging.conversation_participants WHERE user_id = $1',
          [userId],
        )
      : await manager.query(
          `SELECT count(*)::int AS total FROM messaging.conversation_participants p
           JOIN messaging.conversations c ON c.id = p.conversation_id
           WHERE p.user_id = $1 AND ${notWith('$2')}`,
          [userId, hiddenUserIds],
        );
  return { rows: rows.map(toConversationRow), total };
}

/** The conversation as `userId` sees it; null when they are not one of its two people. */
export async function conversationFor(
  manager: EntityManager,
  conversationId: string,
  userId: string,
): Promise<ConversationRow | null> {
  const [row] = await manager.query(ONE_CONVERSATION_SQL, [conversationId, userId]);
  return row ? toConversationRow(row) : null;
}

/**
 * The other person of a conversation `userId` takes part in, or null when they do not: the cheap
 * check before any message read or write (two primary-key lookups).
 */
export async function counterpartIn(
  manager: EntityManager,
  conversationId: string,
  userId: string,
): Promise<string | null> {
  const [row] = await manager.query(
    `SELECT CASE WHEN c.renter_id = p.user_id THEN c.owner_id ELSE c.renter_id END AS id
     FROM messaging.conversation_participants p
     JOIN messaging.conversations c ON c.id = p.conversation_id
     WHERE p.conversation_id = $1 AND p.user_id = $2`,
    [conversationId, userId],
  );
  return row?.id ?? null;
}

/**
 * Up to `limit` messages strictly before `before` (newest first), plus whether older ones exist.
 * Keyset on (created_at, id): inserts elsewhere in the conversation never shift a page.
 */
export async function messagesBefore(
  manager: EntityManager,
  conversationId: string,
  before: MessagePosition | null,
  limit: number,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const rows: MessageRow[] = before
    ? await manager.query(MESSAGES_BEFORE_SQL, [conversationId, before.createdAt, before.id, limit + 1])
    : await manager.query(
        `SELECT ${MESSAGE_COLUMNS('m')} FROM messaging.messages m
         WHERE m.conversation_id = $1 AND m.removed_at IS NULL
         ORDER BY m.created_at DESC, m.id DESC LIMIT $2`,
        [conversationId, limit + 1],
      );
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function latestMessageId(
  manager: EntityManager,
  conversationId: string,
): Promise<string | null> {
  const [row] = await manager.query(
    `SELECT id FROM messaging.messages WHERE conversation_id = $1 AND removed_at IS NULL
     ORDER BY created_at DESC, id DESC LIMIT 1`,
    [conversationId],
  );
  return row?.id ?? null;
}

/** Who else is in the conversation, and the listing and rental it is about: what MessagePosted tells. */
export async function audienceOf(
  manager: EntityManager,
  conversationId: string,
  senderId: string,
): Promise<{ recipientId: string; productId: string; rentalId: string | null } | null> {
  const [row] = await manager.query(
    `SELECT CASE WHEN renter_id = $2 THEN owner_id ELSE renter_id END AS recipient_id, product_id, rental_id
     FROM messaging.conversations WHERE id = $1`,
    [conversationId, senderId],
  );
  return row ? { recipientId: row.recipient_id, productId: row.product_id, rentalId: row.rental_id } : null;
}
