import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { usersWithEndedSuspensions } from '../persistence/sanction.store';
import { SanctionLedger } from './sanction-ledger';

export const EXPIRE_SUSPENSIONS_JOB = 'trust.expire-suspensions';
/** Users dealt with per run; a backlog (after downtime) drains over the next runs, soonest ended first. */
const BATCH = 200;

/**
 * Every minute (once across instances, JobScheduler), the suspensions whose end has passed are
 * marked expired and their users reinstated unless another suspension or a ban still stands.
 * Until then TrustApi already treats them as ended (it compares with the clock); this is what tells
 * the other contexts.
 */
@Injectable()
export class SanctionExpiryJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly ledger: SanctionLedger,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: EXPIRE_SUSPENSIONS_JOB,
      context: 'trust',
      intervalMs: 60_000,
      run: async (manager, now) => {
        await this.run(manager, now);
      },
    });
  }

  /** Users in id order, so two runs (or a run and a lift) never wait on each other's locks in a cycle. */
  async run(manager: EntityManager, now: Date): Promise<number> {
    const users = (await usersWithEndedSuspensions(manager, now, BATCH)).sort();
    let expired = 0;
    for (const userId of users) if (await this.ledger.expire(manager, userId, now)) expired++;
    return expired;
  }
}
