import { Module } from '@nestjs/common';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { ProductReviewsService } from './application/product-reviews.service';
import { RatingStatsUpdater } from './application/rating-stats.updater';
import { RevealReviewsJob } from './application/reveal-reviews.job';
import { ReviewRemovalSubscriber } from './application/review-removal.subscriber';
import { ReviewStatsService } from './application/review-stats.service';
import { Reviewers } from './application/reviewer-view';
import { UserReviewsService } from './application/user-reviews.service';
import { ReviewUserErasureSubscriber } from './application/user-erasure.subscriber';
import { ReviewPersonalDataExport } from './application/personal-data-export';
import { ReportableReviewSource } from './application/reportable-review.source';
import { ProductReviewsController } from './http/product-reviews.controller';
import { ReviewStatsController } from './http/review-stats.controller';
import { UserReviewsController } from './http/user-reviews.controller';
import { ProductRatingStatsEntity } from './persistence/product-rating-stats.entity';
import { ProductReviewEntity } from './persistence/product-review.entity';
import { UserRatingStatsEntity } from './persistence/user-rating-stats.entity';
import { UserReviewEntity } from './persistence/user-review.entity';

const entities = [ProductReviewEntity, UserReviewEntity, ProductRatingStatsEntity, UserRatingStatsEntity];
const useCases = [ProductReviewsService, UserReviewsService, ReviewStatsService];
const infrastructure = [RatingStatsUpdater, Reviewers];
const jobs = [RevealReviewsJob];
const subscribers = [ReviewUserErasureSubscriber, ReviewRemovalSubscriber];

const personalDataExport = [ReviewPersonalDataExport];
// What trust asks when someone reports a review.
const reportableContent = [ReportableReviewSource];
// Offers no API: other contexts learn ratings from ProductRatingChanged / UserRatingChanged.
@Module({
  imports: [ContextDatabaseModule.forContext('review', entities)],
  controllers: [ProductReviewsController, UserReviewsController, ReviewStatsController],
  providers: [
    ...personalDataExport,
    ...reportableContent,
    ...useCases,
    ...infrastructure,
    ...jobs,
    ...subscribers,
  ],
})
export class ReviewModule {}
