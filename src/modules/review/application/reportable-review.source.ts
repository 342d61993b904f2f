import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { primaryQuery } from '../../../platform/database/plain-reads';
import { CatalogApi } from '../../catalog';
import type { ReportableContent } from '../../trust';
import { ReportableContentRegistry } from '../../trust';
import { UNDER_MODERATION } from './product-reviews.service';

/**
 * Tells trust what a reported review is: a product review while its product is listed (its
 * reviews are read there), or a user review once published. A user review still hidden by the
 * double-blind window is seen by its author alone, so reporting it is a 404 like reading it.
 * Product and user review ids never collide (both are random UUIDs), so one id names one review.
 */
@Injectable()
export class ReportableReviewSource implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogApi,
    private readonly registry: ReportableContentRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register('review', (reviewId) => this.describe(reviewId));
  }

  async describe(reviewId: string): Promise<ReportableContent | null> {
    const [review] = await primaryQuery<{
      kind: 'product_review' | 'user_review';
      author_id: string;
      product_id: string;
      reviewee_id: string | null;
      rental_id: string | null;
      rating: number;
      title: string | null;
      body: string;
      created_at: Date;
    }>(
      this.dataSource,
      `SELECT 'product_review' AS kind, reviewer_id AS author_id, product_id, NULL::uuid AS reviewee_id,
              rental_id, rating, title, body, created_at
       FROM review.product_reviews WHERE id = $1 AND removed_at IS NULL
       UNION ALL
       SELECT 'user_review', reviewer_id, product_id, reviewee_id, rental_id, rating, NULL, body, created_at
       FROM review.user_reviews WHERE id = $1 AND visible_at IS NOT NULL AND removed_at IS NULL`,
      [reviewId],
    );
    if (!review) return null;
    // Whom the review is about: the person reviewed, or the reviewed listing's owner.
    let subjectId = review.reviewee_id;
    if (review.kind === 'product_review') {
      const product = await this.catalog.findProduct(review.product_id);
      if (!product || product.deleted || UNDER_MODERATION.includes(product.status)) return null;
      subjectId = product.ownerId;
    }
    return {
      authorId: review.author_id,
      involvedIds: subjectId ? [subjectId] : [],
      snapshot: {
        kind: review.kind,
        rating: review.rating,
        title: review.title,
        text: review.body,
        authorId: review.author_id,
        // What the review is about: the product, and for a user review the person reviewed.
        productId: review.product_id,
        revieweeId: review.reviewee_id,
        rentalId: review.rental_id,
        writtenAt: review.created_at.toISOString(),
      },
    };
  }
}
