import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { closedWindowReviewIds, reveal } from '../persistence/user-review.store';
import { RatingStatsUpdater } from './rating-stats.updater';

export const REVEAL_REVIEWS_JOB = 'review.reveal-closed-windows';
const BATCH = 500;

/**
 * When a rental's review window closes with only one review written, that review is published
 * anyway: the other party had their chance. Reveals and stats go in one transaction per batch.
 */
@Injectable()
export class RevealReviewsJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly stats: RatingStatsUpdater,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: REVEAL_REVIEWS_JOB,
      context: 'review',
      intervalMs: 5 * 60_000,
      run: (m, now) => this.run(m, now),
    });
  }

  async run(manager: EntityManager, now: Date): Promise<void> {
    // Bounded per run so one transaction never grows without limit; the next run takes the rest.
    for (let round = 0; round < 10; round++) {
      const ids = await closedWindowReviewIds(manager, now, BATCH);
      if (ids.length === 0) return;
      await this.stats.addUserRatings(manager, await reveal(manager, ids, now));
      if (ids.length < BATCH) return;
    }
  }
}
