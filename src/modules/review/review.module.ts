import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProductRatingStatsEntity } from './persistence/product-rating-stats.entity';
import { ProductReviewEntity } from './persistence/product-review.entity';
import { UserRatingStatsEntity } from './persistence/user-rating-stats.entity';
import { UserReviewEntity } from './persistence/user-review.entity';

const entities = [ProductReviewEntity, UserReviewEntity, ProductRatingStatsEntity, UserRatingStatsEntity];

@Module({ imports: [TypeOrmModule.forFeature(entities)] })
export class ReviewModule {}
