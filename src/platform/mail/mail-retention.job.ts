import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { daysBefore, PRUNE_LIMITS } from '../database/retention';
import { JobScheduler } from '../jobs/job-scheduler';

export const MAIL_RETENTION_JOB = 'mail.prune-messages';
/**
 * Days a settled message (sent, given up, or kept in the development mailbox) is kept. Longer than
 * an event can be redelivered (outboxes keep delivered events 7 days), so the unique event_id still
 * turns a late redelivery into nothing; past that, a subject line and a status are no use to anyone.
 */
export const MAIL_RETENTION_DAYS = 30;

/** Old settled messages leave mail.messages, a bounded batch per run; pending ones never do. */
@Injectable()
export class MailRetentionJob implements OnModuleInit {
  constructor(private readonly scheduler: JobScheduler) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: MAIL_RETENTION_JOB,
      context: 'platform',
      intervalMs: 60 * 60_000,
      run: async (m, now) => {
        await this.run(m, now);
      },
    });
  }

  async run(manager: EntityManager, now: Date): Promise<number> {
    const before = daysBefore(now, MAIL_RETENTION_DAYS);
    let deleted = 0;
    while (deleted < PRUNE_LIMITS.maxRows) {
      const [{ n }]: { n: number }[] = await manager.query(
        `WITH pruned AS (
           DELETE FROM mail.messages WHERE id IN (
             SELECT id FROM mail.messages WHERE status IN ('sent', 'stored', 'failed') AND created_at < $1
             ORDER BY created_at LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS n FROM pruned`,
        [before, PRUNE_LIMITS.batch],
      );
      deleted += n;
      if (n < PRUNE_LIMITS.batch) break;
    }
    return deleted;
  }
}
