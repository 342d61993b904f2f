import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../platform/events/event-bus';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { RentalCompleted } from '../../rental';
import { SCHEMA } from './intent-recorder';
import { OwnerPayouts } from './owner-payouts';
import { PaymentSettings } from './payment-settings';
import { allowSlowGatewayCalls } from './slow-work';

export const RELEASE_PAYOUTS_JOB = 'payment.release-payouts';

/**
 * When owners get paid: a completed rental schedules its owner's payout (PAYOUT_DELAY_HOURS
 * later), and the release job, one instance at a time (the scheduler's advisory lock), sends
 * what is due and not held.
 */
@Injectable()
export class PayoutJobs implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly scheduler: JobScheduler,
    private readonly payouts: OwnerPayouts,
    private readonly settings: PaymentSettings,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(RentalCompleted, {
      name: 'payment.schedule-owner-payout',
      inbox: SCHEMA,
      handle: (event, manager) =>
        this.payouts.schedule(manager, event.payload.rentalId, new Date(event.occurredAt)),
    });
    this.scheduler.register({
      name: RELEASE_PAYOUTS_JOB,
      context: 'payment',
      intervalMs: this.settings.PAYOUT_INTERVAL_MS,
      run: async (manager, now) => {
        await allowSlowGatewayCalls(manager);
        await this.payouts.releaseDue(now);
      },
    });
  }
}
