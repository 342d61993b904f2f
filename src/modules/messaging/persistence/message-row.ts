import type { MessageType } from '../domain/message-content';

/** The exact (microsecond) position, as text, so cursors survive the trip through JavaScript. */
export const POSITION_AT = (alias: string) =>
  `to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const MESSAGE_COLUMNS = (alias: string, prefix = '') =>
  [
    'id',
    'conversation_id',
    'sender_id',
    'type',
    'body',
    'attachment_url',
    'attachment_name',
    'attachment_size',
    'attachment_mime_type',
    'system_event',
    'created_at',
  ]
    .map((c) => `${alias}.${c} AS ${prefix}${c}`)
    .concat(`${POSITION_AT(alias)} AS ${prefix}position_at`)
    .join(', ');

export interface MessageRow {
  id: string;
  conversation_id: string;
  sender_id: string | null;
  type: MessageType;
  body: string | null;
  attachment_url: string | null;
  attachment_name: string | null;
  attachment_size: number | null;
  attachment_mime_type: string | null;
  system_event: string | null;
  created_at: Date;
  position_at: string;
}

/** A message as the API shows it. */
export interface MessageView {
  id: string;
  conversationId: string;
  type: MessageType;
  /** Null for system messages. */
  senderId: string | null;
  body: string | null;
  attachment: { url: string; name: string; size: number; mimeType: string } | null;
  /** For system messages, what happened (`rental.accepted`), for clients to localise. */
  systemEvent: string | null;
  createdAt: string;
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    type: row.type,
    senderId: row.sender_id,
    body: row.body,
    attachment:
      row.attachment_url === null
        ? null
        : {
            url: row.attachment_url,
            name: row.attachment_name as string,
            size: row.attachment_size as number,
            mimeType: row.attachment_mime_type as string,
          },
    systemEvent: row.system_event,
    createdAt: row.created_at.toISOString(),
  };
}

/** Picks the `prefix`ed message columns out of a wider row (a LATERAL join's last message). */
export function prefixedMessageRow(row: Record<string, unknown>, prefix: string): MessageRow | null {
  if (row[`${prefix}id`] === null || row[`${prefix}id`] === undefined) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out as unknown as MessageRow;
}
