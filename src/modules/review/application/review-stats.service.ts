import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogApi } from '../../catalog';
import { IdentityApi } from '../../identity';
import type { RatingStats, Stars } from '../domain/rating-stats';
import { applyDelta, averageOf, distributionByStar } from '../domain/rating-stats';
import { ReviewErrors } from '../domain/review.errors';
import { productStats, userStats } from '../persistence/rating-stats.store';

export interface RatingSummaryView {
  count: number;
  average: number | null;
  distribution: Record<`${Stars}`, number>;
}

const summary = (stats: RatingStats): RatingSummaryView => ({
  count: stats.count,
  average: averageOf(stats),
  distribution: distributionByStar(stats),
});

/** Reads the incrementally kept stats: one primary-key row, never an aggregate over reviews. */
@Injectable()
export class ReviewStatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogApi,
    private readonly identity: IdentityApi,
  ) {}

  async forProduct(productId: string): Promise<RatingSummaryView & { productId: string }> {
    const product = await this.catalog.findProduct(productId);
    if (!product || product.deleted) throw ReviewErrors.productNotFound();
    return { productId, ...summary(await productStats(this.dataSource.manager, productId)) };
  }

  async forUser(userId: string): Promise<{
    userId: string;
    asRenter: RatingSummaryView;
    asOwner: RatingSummaryView;
    overall: RatingSummaryView;
  }> {
    if (!(await this.identity.findPublicUser(userId))) throw ReviewErrors.userNotFound();
    const stats = await userStats(this.dataSource.manager, userId);
    return {
      userId,
      asRenter: summary(stats.renter),
      asOwner: summary(stats.owner),
      overall: summary(applyDelta(stats.renter, stats.owner)),
    };
  }
}
