import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { AdminRefundsService } from './admin-refunds.service';
import { IntentReconciler } from './intent-reconciler';
import { PaymentSettings } from './payment-settings';
import { allowSlowGatewayCalls } from './slow-work';

export const RECONCILE_JOB = 'payment.reconcile-intents';

/**
 * Resumes money work left half-way (a crash between a gateway call and its record, the gateway
 * down), and admin refunds left pending. The scheduler's advisory lock keeps it to one instance per round; the reconciler's lease
 * keeps it off intents someone is working on right now.
 */
@Injectable()
export class PaymentJobs implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly reconciler: IntentReconciler,
    private readonly refunds: AdminRefundsService,
    private readonly settings: PaymentSettings,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: RECONCILE_JOB,
      context: 'payment',
      intervalMs: this.settings.PAYMENT_RECONCILE_INTERVAL_MS,
      run: async (manager, now) => {
        await allowSlowGatewayCalls(manager);
        await this.reconciler.resumeStalled();
        await this.refunds.resumePending(now);
      },
    });
  }
}
