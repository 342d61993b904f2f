import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ContextDataSources } from '../database/context-data-sources';
import { daysBefore, pruneOlderThan } from '../database/retention';
import { JobScheduler } from '../jobs/job-scheduler';
import { inboxTable, outboxTable } from './event-tables';

export const EVENT_RETENTION_JOB = 'events.prune-delivered';

/**
 * Outboxes and inboxes would otherwise grow with every event for ever (a booking writes several).
 * A delivered event leaves its outbox after OUTBOX_RETENTION_DAYS; one still pending or given up
 * on (MAX_ATTEMPTS, kept for an operator) stays whatever its age. An inbox row, which makes a
 * redelivery a no-op, is kept INBOX_RETENTION_DAYS: longer than JetStream can hand the event again.
 * Each schema is pruned through its context's connection. In a split, a process prunes the tables
 * of the contexts it hosts (and the platform's, such as mail's inbox), under a job name of its own:
 * with one name, whichever process claimed the interval would leave the others' tables to grow.
 */
@Injectable()
export class EventRetentionJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly config: AppConfig,
    private readonly sources: ContextDataSources,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: this.config.perProcess(EVENT_RETENTION_JOB),
      context: 'platform',
      intervalMs: 10 * 60_000,
      run: (_manager, now) => this.run(now),
    });
  }

  async run(now: Date): Promise<void> {
    const delivered = daysBefore(now, this.config.OUTBOX_RETENTION_DAYS);
    for (const schema of await this.sources.schemasWithTable('outbox_events'))
      await pruneOlderThan(this.sources.for(schema).manager, outboxTable(schema), 'published_at', delivered);
    const handled = daysBefore(now, this.config.INBOX_RETENTION_DAYS);
    for (const schema of await this.sources.schemasWithTable('inbox_events'))
      await pruneOlderThan(this.sources.for(schema).manager, inboxTable(schema), 'processed_at', handled);
  }
}
