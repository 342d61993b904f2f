import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../platform/events/event-bus';
import { UserReviewPublished } from '../../review';
import { Notifier } from './notifier';
import { NOTIFICATION_INBOX } from './rental-events.subscriber';

/**
 * A review of someone became visible (double-blind until both wrote, or the window closed): the
 * reviewee is told, without the reviewer's name (the review page shows it). The review period's
 * opening is told by the rental's completion (RentalEventsSubscriber).
 */
@Injectable()
export class ReviewEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly notifier: Notifier,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(UserReviewPublished, {
      name: 'notification.review-published',
      inbox: NOTIFICATION_INBOX,
      handle: async (event, manager) => {
        const review = event.payload;
        await this.notifier.notify(manager, [
          {
            eventId: event.id,
            recipientId: review.revieweeId,
            kind: 'review.published',
            otherId: null,
            subjectId: review.reviewId,
            path: '/account/reviews',
            facts: { rating: review.rating },
          },
        ]);
      },
    });
  }
}
