import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { daysBefore, pruneOlderThan, schemasWithTable } from '../database/retention';
import { JobScheduler } from '../jobs/job-scheduler';
import { inboxTable, outboxTable } from './event-tables';

export const EVENT_RETENTION_JOB = 'events.prune-delivered';

/**
 * Outboxes and inboxes would otherwise grow with every event for ever (a booking writes several).
 * A delivered event leaves its outbox after OUTBOX_RETENTION_DAYS; one still pending or given up
 * on (MAX_ATTEMPTS, kept for an operator) stays whatever its age. An inbox row, which makes a
 * redelivery a no-op, is kept INBOX_RETENTION_DAYS: longer than JetStream can hand the event again.
 */
@Injectable()
export class EventRetentionJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: EVENT_RETENTION_JOB,
      intervalMs: 10 * 60_000,
      run: (m, now) => this.run(m, now),
    });
  }

  async run(manager: EntityManager, now: Date): Promise<void> {
    const delivered = daysBefore(now, this.config.OUTBOX_RETENTION_DAYS);
    for (const schema of await schemasWithTable(manager, 'outbox_events'))
      await pruneOlderThan(manager, outboxTable(schema), 'published_at', delivered);
    const handled = daysBefore(now, this.config.INBOX_RETENTION_DAYS);
    for (const schema of await schemasWithTable(manager, 'inbox_events'))
      await pruneOlderThan(manager, inboxTable(schema), 'processed_at', handled);
  }
}
