import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { keysetTimestamp } from '../../../platform/http/keyset-cursor';
import type { KeysetPosition } from '../../../platform/http/keyset-cursor';
import type { NotificationCategory, NotificationKind } from '../domain/notification-kinds';

export interface NewNotification {
  eventId: string;
  recipientId: string;
  kind: NotificationKind;
  category: NotificationCategory;
  title: string;
  body: string;
  link: string;
  subjectId: string | null;
  /** The other person named in the text, kept so their erasure can take the name out. */
  otherId: string | null;
  otherName: string | null;
  inApp: boolean;
  emailed: boolean;
}

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  category: NotificationCategory;
  title: string;
  body: string;
  link: string;
  subject_id: string | null;
  read_at: Date | null;
  position_at: string;
}

/**
 * Records that an event was handled for a person; false when it already was (a redelivery, or a
 * second subscriber run of the same event): the unique (event_id, recipient_id) decides, so a
 * notification is told once whatever the relay does.
 */
export async function insertNotification(manager: EntityManager, n: NewNotification): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO notification.notifications (id, event_id, recipient_id, kind, category, title, body, link,
       subject_id, other_id, other_name, in_app, emailed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (event_id, recipient_id) DO NOTHING RETURNING id`,
    [
      randomUUID(),
      n.eventId,
      n.recipientId,
      n.kind,
      n.category,
      n.title,
      n.body,
      n.link,
      n.subjectId,
      n.otherId,
      n.otherName,
      n.inApp,
      n.emailed,
    ],
  );
  return rows.length > 0;
}

const COLUMNS = `id, kind, category, title, body, link, subject_id, read_at, ${keysetTimestamp('created_at')} AS position_at`;

export async function feedPage(
  manager: EntityManager,
  recipientId: string,
  after: KeysetPosition | null,
  limit: number,
  unreadOnly: boolean,
): Promise<NotificationRow[]> {
  return manager.query(
    `SELECT ${COLUMNS} FROM notification.notifications
     WHERE recipient_id = $1 AND in_app AND ($5::boolean IS FALSE OR read_at IS NULL)
       AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [recipientId, after?.at ?? null, after?.id ?? null, limit, unreadOnly],
  );
}

export async function unreadCount(manager: EntityManager, recipientId: string): Promise<number> {
  const [{ n }]: { n: number }[] = await manager.query(
    `SELECT count(*)::int AS n FROM notification.notifications
     WHERE recipient_id = $1 AND in_app AND read_at IS NULL`,
    [recipientId],
  );
  return n;
}

/** Marks one read (it stays read: the first read_at is kept); null when it is not the recipient's. */
export async function markRead(
  manager: EntityManager,
  recipientId: string,
  id: string,
): Promise<NotificationRow | null> {
  const [row]: NotificationRow[] = await manager.query(
    `WITH marked AS (
       UPDATE notification.notifications SET read_at = coalesce(read_at, now()), updated_at = now()
       WHERE id = $1 AND recipient_id = $2 AND in_app RETURNING *)
     SELECT ${COLUMNS} FROM marked`,
    [id, recipientId],
  );
  return row ?? null;
}

export async function markAllRead(manager: EntityManager, recipientId: string): Promise<number> {
  const [{ n }]: { n: number }[] = await manager.query(
    `WITH marked AS (
       UPDATE notification.notifications SET read_at = now(), updated_at = now()
       WHERE recipient_id = $1 AND in_app AND read_at IS NULL RETURNING 1)
     SELECT count(*)::int AS n FROM marked`,
    [recipientId],
  );
  return n;
}
