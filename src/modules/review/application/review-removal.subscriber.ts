import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { ContentRemoved } from '../../trust';
import { markProductReviewRemoved, markUserReviewRemoved } from '../persistence/review-removal.store';
import { RatingStatsUpdater } from './rating-stats.updater';

/**
 * A moderator removed a review (trust decided; review applies it to its own data). A review id is
 * a product review's or a user review's. The row is kept, marked removed: it leaves every list, and
 * its rating leaves the summary it counted in (a hidden user review counted in none), with the new
 * summary published as for any rating change. Delivered at least once: the inbox makes a
 * redelivery a no-op, and only the first removal changes the stats.
 */
@Injectable()
export class ReviewRemovalSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly stats: RatingStatsUpdater,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(ContentRemoved, {
      name: 'review.remove-review',
      inbox: 'review',
      handle: async (event, manager) => {
        if (event.payload.targetType === 'review')
          await this.remove(manager, event.payload.targetId, new Date(event.occurredAt));
      },
    });
  }

  async remove(manager: EntityManager, reviewId: string, at: Date): Promise<void> {
    const product = await markProductReviewRemoved(manager, reviewId, at);
    if (product) {
      await this.stats.removeProductRating(manager, product.productId, product.rating);
      return;
    }
    const user = await markUserReviewRemoved(manager, reviewId, at);
    if (user?.visible) await this.stats.removeUserRating(manager, user);
  }
}
