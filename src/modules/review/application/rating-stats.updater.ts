import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import { ProductRatingChanged, UserRatingChanged, UserReviewPublished } from '../contracts/review.events';
import type { RatingStats } from '../domain/rating-stats';
import { applyDelta, averageOf, deltaOf, removalOf } from '../domain/rating-stats';
import type { ReviewRole } from '../domain/review-eligibility';
import {
  addProductStats,
  addUserStats,
  subtractProductStats,
  subtractUserStats,
  userStats,
} from '../persistence/rating-stats.store';
import type { RevealedReview } from '../persistence/user-review.store';

/**
 * Adds newly visible ratings to the stats, in the transaction that makes them visible (and takes
 * out those a moderator removed, in the transaction that removes them), and tells other contexts
 * the new summary through the outbox. Each event is created after the stats row is updated (and
 * locked until commit), so event times follow the order of the summaries and a subscriber keeping
 * the latest one never goes back to an older one.
 */
@Injectable()
export class RatingStatsUpdater {
  constructor(private readonly outbox: Outbox) {}

  async addProductRatings(
    manager: EntityManager,
    productId: string,
    ratings: number[],
  ): Promise<RatingStats> {
    const stats = await addProductStats(manager, productId, deltaOf(ratings));
    return this.publishProductStats(manager, productId, stats);
  }

  /** A product review a moderator removed leaves the product's summary. */
  async removeProductRating(manager: EntityManager, productId: string, rating: number): Promise<RatingStats> {
    const stats = await subtractProductStats(manager, productId, removalOf([rating]));
    return this.publishProductStats(manager, productId, stats);
  }

  async addUserRatings(manager: EntityManager, revealed: RevealedReview[]): Promise<void> {
    // Every path that reveals a review comes here: the reviewee hears of each one, once.
    if (revealed.length > 0)
      await this.outbox.publish(
        manager,
        'review',
        ...revealed.map((r) =>
          UserReviewPublished.create({
            reviewId: r.id,
            revieweeId: r.revieweeId,
            role: r.role,
            rating: r.rating,
          }),
        ),
      );
    await this.changeUserStats(manager, revealed, (userId, role, ratings) =>
      addUserStats(manager, userId, role, deltaOf(ratings)),
    );
  }

  /** A published user review a moderator removed leaves its reviewee's summary. */
  async removeUserRating(manager: EntityManager, removed: RevealedReview): Promise<void> {
    await this.changeUserStats(manager, [removed], (userId, role, ratings) =>
      subtractUserStats(manager, userId, role, removalOf(ratings)),
    );
  }

  private async publishProductStats(
    manager: EntityManager,
    productId: string,
    stats: RatingStats,
  ): Promise<RatingStats> {
    await this.outbox.publish(
      manager,
      'review',
      ProductRatingChanged.create({ productId, average: averageOf(stats), count: stats.count }),
    );
    return stats;
  }

  private async changeUserStats(
    manager: EntityManager,
    revealed: RevealedReview[],
    change: (userId: string, role: ReviewRole, ratings: number[]) => Promise<RatingStats>,
  ): Promise<void> {
    const byUserRole = new Map<string, { userId: string; role: ReviewRole; ratings: number[] }>();
    for (const r of revealed) {
      const key = `${r.revieweeId}|${r.role}`;
      const entry = byUserRole.get(key) ?? { userId: r.revieweeId, role: r.role, ratings: [] };
      entry.ratings.push(r.rating);
      byUserRole.set(key, entry);
    }
    // One lock order for every transaction, so two reveals touching the same users cannot deadlock.
    const entries = [...byUserRole.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, { userId, role, ratings }] of entries) await change(userId, role, ratings);
    for (const userId of [...new Set(entries.map(([, e]) => e.userId))]) {
      const both = await userStats(manager, userId);
      const overall = applyDelta(both.renter, both.owner);
      await this.outbox.publish(
        manager,
        'review',
        UserRatingChanged.create({ userId, average: averageOf(overall), count: overall.count }),
      );
    }
  }
}
