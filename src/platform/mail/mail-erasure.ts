import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Forgets a person's mail when their account is erased. Identity calls it inside its deletion
 * transaction, so the account and its messages go together or not at all.
 */
@Injectable()
export class MailErasure {
  /**
   * Deletes every message row to the user, and every one that names them (a notification about
   * them to someone else), whatever its status; returns how many.
   */
  async eraseFor(manager: EntityManager, userId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await manager.query(
      `WITH erased AS (DELETE FROM mail.messages WHERE user_id = $1 OR about_user_ids @> ARRAY[$1::uuid] RETURNING 1)
       SELECT count(*)::int AS n FROM erased`,
      [userId],
    );
    return n;
  }
}
