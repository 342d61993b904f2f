import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { CONTEXT_NAMES } from '../config/contexts';
import { ContextDataSources } from '../database/context-data-sources';
import { daysBefore, pruneOlderThan, schemasWithTable } from '../database/retention';
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

  get name(): string {
    return this.config.isSplit
      ? `${EVENT_RETENTION_JOB}:${this.config.hostedContexts.join('+')}`
      : EVENT_RETENTION_JOB;
  }

  onModuleInit(): void {
    this.scheduler.register({
      name: this.name,
      intervalMs: 10 * 60_000,
      run: (m, now) => this.run(m, now),
    });
  }

  async run(manager: EntityManager, now: Date): Promise<void> {
    const delivered = daysBefore(now, this.config.OUTBOX_RETENTION_DAYS);
    for (const schema of await this.mine(manager, 'outbox_events'))
      await pruneOlderThan(this.sources.for(schema).manager, outboxTable(schema), 'published_at', delivered);
    const handled = daysBefore(now, this.config.INBOX_RETENTION_DAYS);
    for (const schema of await this.mine(manager, 'inbox_events'))
      await pruneOlderThan(this.sources.for(schema).manager, inboxTable(schema), 'processed_at', handled);
  }

  /** The schemas with this table that this process looks after. */
  private async mine(manager: EntityManager, table: string): Promise<string[]> {
    const schemas = await schemasWithTable(manager, table);
    if (!this.config.isSplit) return schemas;
    const contexts: readonly string[] = CONTEXT_NAMES;
    const hosted: string[] = this.config.hostedContexts;
    return schemas.filter((schema) => hosted.includes(schema) || !contexts.includes(schema));
  }
}
