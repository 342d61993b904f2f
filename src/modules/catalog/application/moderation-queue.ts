import type { EntityManager } from 'typeorm';
import type { KeysetPosition } from '../../../platform/http/keyset-cursor';
import { keysetTimestamp } from '../../../platform/http/keyset-cursor';

/** The two lists moderators work through. */
export const MODERATION_QUEUES = ['pending_approval', 'hidden'] as const;
export type ModerationQueue = (typeof MODERATION_QUEUES)[number];

/**
 * Each queue's order, oldest first: when the listing was submitted, or hidden. Both read one
 * partial index (ix_products_awaiting_approval, ix_products_hidden) whose predicate they repeat.
 */
const QUEUE_SQL: Record<ModerationQueue, string> = {
  pending_approval: queueSql('submitted_at', 'pending_approval'),
  hidden: queueSql('moderated_at', 'hidden'),
};

function queueSql(column: string, status: string): string {
  return `SELECT id, ${keysetTimestamp(column)} AS at FROM catalog.products
    WHERE status = '${status}' AND deleted_at IS NULL
      AND ($1::timestamptz IS NULL OR (${column}, id) > ($1::timestamptz, $2::uuid))
    ORDER BY ${column}, id
    LIMIT $3`;
}

/** Up to `limit` listings of the queue after `after`, plus whether more exist. */
export async function moderationQueuePage(
  manager: EntityManager,
  queue: ModerationQueue,
  after: KeysetPosition | null,
  limit: number,
): Promise<{ rows: KeysetPosition[]; hasMore: boolean }> {
  const rows: KeysetPosition[] = await manager.query(QUEUE_SQL[queue], [
    after?.at ?? null,
    after?.id ?? null,
    limit + 1,
  ]);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}
