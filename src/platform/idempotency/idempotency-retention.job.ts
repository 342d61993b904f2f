import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { pruneOlderThan, schemasWithTable } from '../database/retention';
import { JobScheduler } from '../jobs/job-scheduler';
import { idempotencyTable } from './idempotency.service';

export const IDEMPOTENCY_RETENTION_JOB = 'idempotency.prune-expired-keys';

/**
 * Keys and their stored answers are kept IDEMPOTENCY_KEY_RETENTION_HOURS (24 by default, as Stripe
 * does): long enough for any client's retries, after which the same key is a new request.
 */
@Injectable()
export class IdempotencyRetentionJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: IDEMPOTENCY_RETENTION_JOB,
      intervalMs: 10 * 60_000,
      run: (m, now) => this.run(m, now),
    });
  }

  async run(manager: EntityManager, now: Date): Promise<void> {
    const expired = new Date(now.getTime() - this.config.IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000);
    for (const schema of await schemasWithTable(manager, 'idempotency_keys'))
      await pruneOlderThan(manager, idempotencyTable(schema), 'created_at', expired);
  }
}
