import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import type { NotificationKind } from '../domain/notification-kinds';
import type { ScheduledRental } from '../persistence/rental-schedule.store';
import {
  claimReminder,
  rentalsStartingTomorrow,
  requestsExpiringSoon,
  reviewWindowsClosing,
} from '../persistence/rental-schedule.store';
import { Notifier } from './notifier';

export const REMINDERS_JOB = 'notification.reminders';

/**
 * Reminders driven by the clock, from notification's own picture of rentals: the owner of a request
 * whose answer window closes within NOTIFICATION_REQUEST_REMINDER_HOURS, both sides of a rental
 * starting tomorrow (UTC), both sides of a completed rental whose review window closes within
 * NOTIFICATION_REVIEW_REMINDER_DAYS. One run at a time across instances (the scheduler's lock), and
 * each reminder once per rental and person whatever the runs: the unique (kind, rental, recipient)
 * row is claimed in the transaction that tells it.
 */
@Injectable()
export class RemindersJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly notifier: Notifier,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: REMINDERS_JOB,
      context: 'notification',
      intervalMs: 10 * 60_000,
      run: (m, now) => this.run(m, now),
    });
  }

  async run(manager: EntityManager, now: Date): Promise<void> {
    const c = this.config;
    const expiring = await requestsExpiringSoon(
      manager,
      now,
      c.RENTAL_RESPONSE_WINDOW_HOURS,
      c.NOTIFICATION_REQUEST_REMINDER_HOURS,
    );
    for (const rental of expiring)
      await this.remind(manager, 'reminder.request-expiring', rental, [rental.owner_id]);
    for (const rental of await rentalsStartingTomorrow(manager, now))
      await this.remind(manager, 'reminder.rental-starting', rental, [rental.renter_id, rental.owner_id]);
    const closing = await reviewWindowsClosing(
      manager,
      now,
      c.REVIEW_WINDOW_DAYS,
      c.NOTIFICATION_REVIEW_REMINDER_DAYS,
    );
    for (const rental of closing)
      await this.remind(manager, 'reminder.review-closing', rental, [rental.renter_id, rental.owner_id]);
  }

  private async remind(
    manager: EntityManager,
    kind: NotificationKind,
    rental: ScheduledRental,
    recipients: string[],
  ): Promise<void> {
    const productTitle = await this.notifier.productTitle(rental.product_id);
    for (const recipientId of recipients) {
      const reminderId = randomUUID();
      if (!(await claimReminder(manager, reminderId, kind, rental.rental_id, recipientId))) continue;
      const review = kind === 'reminder.review-closing';
      await this.notifier.notify(manager, [
        {
          eventId: reminderId,
          recipientId,
          kind,
          otherId: recipientId === rental.renter_id ? rental.owner_id : rental.renter_id,
          subjectId: rental.rental_id,
          path: review ? `/rentals/${rental.rental_id}/review` : `/rentals/${rental.rental_id}`,
          facts: { productTitle, startDate: rental.start_date, endDate: rental.end_date },
        },
      ]);
    }
  }
}
