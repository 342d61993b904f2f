import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { DepositRenewals } from './deposit-renewals';
import { allowSlowGatewayCalls } from './slow-work';

export const RENEW_DEPOSITS_JOB = 'payment.renew-deposit-holds';
/** Renewals start DEPOSIT_RENEWAL_LEAD_HOURS (60) before a lapse and retry 12 hours apart: hourly is plenty. */
const INTERVAL_MS = 60 * 60_000;

/**
 * Long rentals: deposit holds are renewed before the card authorization lapses, by one instance at
 * a time (the scheduler's advisory lock), with the job's `now` as the clock (tests move it).
 */
@Injectable()
export class DepositRenewalJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly renewals: DepositRenewals,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: RENEW_DEPOSITS_JOB,
      context: 'payment',
      intervalMs: INTERVAL_MS,
      run: async (manager, now) => {
        await allowSlowGatewayCalls(manager);
        await this.renewals.renewDue(now);
      },
    });
  }
}
