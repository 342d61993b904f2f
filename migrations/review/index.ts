import type { MigrationInterface } from 'typeorm';
import { CreateReview1764000000500 } from './1764000000500-create-review';
import { ReviewRetentionIndexes1764000000903 } from './1764000000903-review-retention-indexes';
import { ReviewPersonalDataIndexes1764000001050 } from './1764000001050-personal-data-indexes';
import { RemovedReviews1764000001322 } from './1764000001322-removed-reviews';

export const REVIEW_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateReview1764000000500,
  ReviewRetentionIndexes1764000000903,
  ReviewPersonalDataIndexes1764000001050,
  RemovedReviews1764000001322,
];
