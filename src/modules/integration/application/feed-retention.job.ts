import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { daysBefore, PRUNE_LIMITS } from '../../../platform/database/retention';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { pruneFeed } from '../persistence/feed.store';

export const FEED_RETENTION_JOB = 'integration.prune-feed';

/**
 * The feed keeps INTEGRATION_FEED_RETENTION_DAYS of events (its own window: outboxes are pruned
 * after OUTBOX_RETENTION_DAYS, independently), and webhook deliveries go with their event. A
 * cursor older than the window gets 410 naming where the feed now starts. Bounded per run.
 */
@Injectable()
export class FeedRetentionJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: FEED_RETENTION_JOB,
      context: 'integration',
      intervalMs: 10 * 60_000,
      run: (m, now) => this.run(m, now),
    });
  }

  async run(manager: EntityManager, now: Date): Promise<void> {
    const before = daysBefore(now, this.config.INTEGRATION_FEED_RETENTION_DAYS);
    let pruned = 0;
    while (pruned < PRUNE_LIMITS.maxRows) {
      const n = await pruneFeed(manager, before, PRUNE_LIMITS.batch);
      pruned += n;
      if (n < PRUNE_LIMITS.batch) break;
    }
  }
}
