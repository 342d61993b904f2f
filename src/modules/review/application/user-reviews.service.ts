import { AppConfig } from '../../../platform/config/app-config';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Not } from 'typeorm';
import type { Page } from '../../../platform/http/pagination';
import { RentalApi } from '../../rental';
import { onSubmission } from '../domain/double-blind';
import type { ReviewRole } from '../domain/review-eligibility';
import { checkUserReview } from '../domain/review-eligibility';
import { ReviewErrors } from '../domain/review.errors';
import { violatedUniqueIndex } from '../persistence/unique-violation';
import { counterpartReviewId, lockRental, reveal } from '../persistence/user-review.store';
import { UserReviewEntity } from '../persistence/user-review.entity';
import { RatingStatsUpdater } from './rating-stats.updater';
import type { ReviewerView } from './reviewer-view';
import { Reviewers } from './reviewer-view';

export interface UserReviewInput {
  rentalId: string;
  revieweeId: string;
  role: ReviewRole;
  rating: number;
  body: string;
}

/** What the author sees right after writing: the review, and whether it is public yet. */
export interface SubmittedUserReviewView {
  id: string;
  rentalId: string;
  productId: string;
  reviewerId: string;
  revieweeId: string;
  role: ReviewRole;
  rating: number;
  body: string;
  /** `hidden` until the other party reviews too or the window closes. */
  status: 'hidden' | 'published';
  visibleAt: string | null;
  windowClosesAt: string;
  createdAt: string;
}

export interface UserReviewView {
  id: string;
  rentalId: string;
  reviewer: ReviewerView | null;
  revieweeId: string;
  role: ReviewRole;
  rating: number;
  body: string;
  publishedAt: string;
}

@Injectable()
export class UserReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rentals: RentalApi,
    private readonly stats: RatingStatsUpdater,
    private readonly reviewers: Reviewers,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stored hidden; when it is the second review of the rental, both become visible and count in
   * the stats in this same transaction (double-blind).
   */
  async submit(reviewerId: string, input: UserReviewInput): Promise<SubmittedUserReviewView> {
    const rental = await this.rentals.findRental(input.rentalId);
    const now = new Date();
    const { windowClosesAt, productId } = checkUserReview(
      rental,
      { reviewerId, ...input },
      now,
      this.config.REVIEW_WINDOW_DAYS,
    );
    const review = await this.dataSource
      .transaction(async (manager) => {
        await lockRental(manager, input.rentalId);
        const repo = manager.getRepository(UserReviewEntity);
        const id = randomUUID();
        await repo.insert(
          Object.assign(new UserReviewEntity(), {
            id,
            rentalId: input.rentalId,
            productId,
            reviewerId,
            revieweeId: input.revieweeId,
            role: input.role,
            rating: input.rating,
            body: input.body,
            windowClosesAt,
            visibleAt: null,
          }),
        );
        const counterpart = await counterpartReviewId(manager, input.rentalId, input.revieweeId);
        if (onSubmission(counterpart !== null) === 'reveal-both') {
          const revealed = await reveal(manager, [counterpart as string, id], now);
          await this.stats.addUserRatings(manager, revealed);
        }
        return repo.findOneByOrFail({ id });
      })
      .catch((error: unknown) => {
        if (violatedUniqueIndex(error) === 'uq_user_reviews_direction') throw ReviewErrors.alreadyReviewed();
        throw error;
      });
    return {
      id: review.id,
      rentalId: review.rentalId,
      productId: review.productId,
      reviewerId: review.reviewerId,
      revieweeId: review.revieweeId,
      role: review.role,
      rating: review.rating,
      body: review.body,
      status: review.visibleAt ? 'published' : 'hidden',
      visibleAt: review.visibleAt?.toISOString() ?? null,
      windowClosesAt: review.windowClosesAt.toISOString(),
      createdAt: review.createdAt.toISOString(),
    };
  }

  /**
   * Published reviews about a user, newest first; hidden ones (and those a moderator removed) do
   * not exist for readers.
   */
  async list(
    userId: string,
    role: ReviewRole | undefined,
    page: number,
    limit: number,
  ): Promise<Page<UserReviewView>> {
    const [rows, total] = await this.dataSource.getRepository(UserReviewEntity).findAndCount({
      where: { revieweeId: userId, visibleAt: Not(IsNull()), removedAt: IsNull(), ...(role ? { role } : {}) },
      order: { visibleAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    const reviewers = await this.reviewers.byId(rows.map((r) => r.reviewerId));
    return {
      items: rows.map((r) => ({
        id: r.id,
        rentalId: r.rentalId,
        reviewer: reviewers.get(r.reviewerId) ?? null,
        revieweeId: r.revieweeId,
        role: r.role,
        rating: r.rating,
        body: r.body,
        publishedAt: (r.visibleAt as Date).toISOString(),
      })),
      page,
      limit,
      total,
    };
  }
}
