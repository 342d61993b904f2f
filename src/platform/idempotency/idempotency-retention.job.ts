import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ContextDataSources } from '../database/context-data-sources';
import { pruneOlderThan } from '../database/retention';
import { JobScheduler } from '../jobs/job-scheduler';
import { idempotencyTable } from './idempotency-table';

export const IDEMPOTENCY_RETENTION_JOB = 'idempotency.prune-expired-keys';

/**
 * Keys and their stored answers are kept IDEMPOTENCY_KEY_RETENTION_HOURS (24 by default, as Stripe
 * does): long enough for any client's retries, after which the same key is a new request. Each
 * context's keys are pruned through its own connection; in a split each process prunes its own
 * contexts' keys, under a job name of its own.
 */
@Injectable()
export class IdempotencyRetentionJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly config: AppConfig,
    private readonly sources: ContextDataSources,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: this.config.perProcess(IDEMPOTENCY_RETENTION_JOB),
      context: 'platform',
      intervalMs: 10 * 60_000,
      run: (_manager, now) => this.run(now),
    });
  }

  async run(now: Date): Promise<void> {
    const expired = new Date(now.getTime() - this.config.IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000);
    for (const schema of await this.sources.schemasWithTable('idempotency_keys'))
      await pruneOlderThan(this.sources.for(schema).manager, idempotencyTable(schema), 'created_at', expired);
  }
}
