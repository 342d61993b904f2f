import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Forgets a person's mail when their account is erased. Identity calls it inside its deletion
 * transaction, so the account and its messages go together or not at all.
 */
@Injectable()
export class MailErasure {
  /** Deletes every message row about the user, whatever its status; returns how many. */
  async eraseFor(manager: EntityManager, userId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await manager.query(
      'WITH erased AS (DELETE FROM mail.messages WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM erased',
      [userId],
    );
    return n;
  }
}
