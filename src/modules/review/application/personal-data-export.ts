import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';

interface ProductReviewRow {
  id: string;
  product_id: string;
  rental_id: string | null;
  rating: number;
  title: string | null;
  body: string;
  verified: boolean;
  created_at: Date;
  updated_at: Date;
  removed_at: Date | null;
}

interface UserReviewRow {
  id: string;
  rental_id: string;
  product_id: string;
  reviewer_id: string;
  reviewee_id: string;
  role: string;
  rating: number;
  body: string;
  visible_at: Date | null;
  created_at: Date;
  removed_at: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Review's section of a person's data export: the product and user reviews they wrote, and the
 * user reviews written about them. A review about them still hidden (double-blind, until both
 * sides have written or the window closes) is left out: the export must not reveal it early. A
 * review a moderator removed stays its author's (marked `removedAt`) and leaves the reviewee's.
 */
@Injectable()
export class ReviewPersonalDataExport implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerExporter('review', (userId) => this.export(userId));
  }

  async export(userId: string): Promise<Record<string, unknown>> {
    const productReviews: ProductReviewRow[] = await this.dataSource.query(
      `SELECT id, product_id, rental_id, rating, title, body, verified, created_at, updated_at, removed_at
       FROM review.product_reviews WHERE reviewer_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    const userReviews: UserReviewRow[] = await this.dataSource.query(
      `SELECT id, rental_id, product_id, reviewer_id, reviewee_id, role, rating, body, visible_at, created_at,
              removed_at
       FROM review.user_reviews
       WHERE reviewer_id = $1 OR (reviewee_id = $1 AND visible_at IS NOT NULL AND removed_at IS NULL)
       ORDER BY created_at, id`,
      [userId],
    );
    const userReview = (r: UserReviewRow) => ({
      id: r.id,
      rentalId: r.rental_id,
      productId: r.product_id,
      reviewerId: r.reviewer_id,
      revieweeId: r.reviewee_id,
      revieweeRole: r.role,
      rating: r.rating,
      body: r.body,
      visibleAt: iso(r.visible_at),
      createdAt: iso(r.created_at),
      removedAt: iso(r.removed_at),
    });
    return {
      written: {
        productReviews: productReviews.map((r) => ({
          id: r.id,
          productId: r.product_id,
          rentalId: r.rental_id,
          rating: r.rating,
          title: r.title,
          body: r.body,
          verified: r.verified,
          createdAt: iso(r.created_at),
          updatedAt: iso(r.updated_at),
          removedAt: iso(r.removed_at),
        })),
        userReviews: userReviews.filter((r) => r.reviewer_id === userId).map(userReview),
      },
      received: {
        userReviews: userReviews.filter((r) => r.reviewee_id === userId).map(userReview),
      },
    };
  }
}
