import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { DepositRenewals } from './deposit-renewals';
import { PaymentSettings } from './payment-settings';
import { allowSlowGatewayCalls } from './slow-work';

export const RENEW_DEPOSITS_JOB = 'payment.renew-deposit-holds';

/**
 * Long rentals: deposit holds are renewed before the card authorization lapses, by one instance at
 * a time (the scheduler's advisory lock), with the job's `now` as the clock (tests move it).
 */
@Injectable()
export class DepositRenewalJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly renewals: DepositRenewals,
    private readonly settings: PaymentSettings,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: RENEW_DEPOSITS_JOB,
      intervalMs: this.settings.DEPOSIT_RENEWAL_INTERVAL_MS,
      run: async (manager, now) => {
        await allowSlowGatewayCalls(manager);
        await this.renewals.renewDue(now);
      },
    });
  }
}
