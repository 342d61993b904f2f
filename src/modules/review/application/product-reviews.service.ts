import { AppConfig } from '../../../platform/config/app-config';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import type { Page } from '../../../platform/http/pagination';
import { CatalogApi } from '../../catalog';
import { RentalApi } from '../../rental';
import { checkProductReview } from '../domain/review-eligibility';
import { ReviewErrors } from '../domain/review.errors';
import { ProductReviewEntity } from '../persistence/product-review.entity';
import { violatedUniqueIndex } from '../persistence/unique-violation';
import { RatingStatsUpdater } from './rating-stats.updater';
import type { ReviewerView } from './reviewer-view';
import { Reviewers } from './reviewer-view';

export interface ProductReviewInput {
  productId: string;
  rentalId?: string;
  rating: number;
  title?: string;
  body: string;
}

export interface ProductReviewView {
  id: string;
  productId: string;
  rentalId: string | null;
  reviewer: ReviewerView | null;
  rating: number;
  title: string | null;
  body: string;
  verified: boolean;
  createdAt: string;
}

/** Listing statuses in which a product is shown to no one but its owner. */
export const UNDER_MODERATION: readonly string[] = ['hidden', 'pending_approval'];

@Injectable()
export class ProductReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogApi,
    private readonly rentals: RentalApi,
    private readonly stats: RatingStatsUpdater,
    private readonly reviewers: Reviewers,
    private readonly config: AppConfig,
  ) {}

  /** Public at once (product reviews are not double-blind); the stats move in the same transaction. */
  async submit(reviewerId: string, input: ProductReviewInput): Promise<ProductReviewView> {
    const [product, rental] = await Promise.all([
      this.catalog.findProduct(input.productId),
      input.rentalId === undefined ? Promise.resolve(undefined) : this.rentals.findRental(input.rentalId),
    ]);
    const { verified } = checkProductReview(
      product,
      reviewerId,
      rental,
      new Date(),
      this.config.REVIEW_WINDOW_DAYS,
    );
    const review = Object.assign(new ProductReviewEntity(), {
      id: randomUUID(),
      productId: input.productId,
      rentalId: input.rentalId ?? null,
      reviewerId,
      rating: input.rating,
      title: input.title ?? null,
      body: input.body,
      verified,
    });
    const saved = await this.dataSource
      .transaction(async (manager) => {
        const repo = manager.getRepository(ProductReviewEntity);
        await repo.insert(review);
        await this.stats.addProductRatings(manager, review.productId, [review.rating]);
        return repo.findOneByOrFail({ id: review.id });
      })
      .catch((error: unknown) => {
        if (violatedUniqueIndex(error)?.startsWith('uq_product_reviews_'))
          throw ReviewErrors.alreadyReviewed();
        throw error;
      });
    return (await this.views([saved]))[0];
  }

  /**
   * Newest first; `verified` narrows to reviews tied to a completed rental (or to the others).
   * Reviews a moderator removed are left out.
   */
  async list(
    productId: string,
    verified: boolean | undefined,
    page: number,
    limit: number,
  ): Promise<Page<ProductReviewView>> {
    const product = await this.catalog.findProduct(productId);
    // A listing a moderator took down (or that waits for one) is not there for anyone but its
    // owner: neither are its reviews.
    if (!product || product.deleted || UNDER_MODERATION.includes(product.status))
      throw ReviewErrors.productNotFound();
    const [rows, total] = await this.dataSource.getRepository(ProductReviewEntity).findAndCount({
      where: { productId, removedAt: IsNull(), ...(verified === undefined ? {} : { verified }) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    return { items: await this.views(rows), page, limit, total };
  }

  private async views(rows: ProductReviewEntity[]): Promise<ProductReviewView[]> {
    const reviewers = await this.reviewers.byId(rows.map((r) => r.reviewerId));
    return rows.map((r) => ({
      id: r.id,
      productId: r.productId,
      rentalId: r.rentalId,
      reviewer: reviewers.get(r.reviewerId) ?? null,
      rating: r.rating,
      title: r.title,
      body: r.body,
      verified: r.verified,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
