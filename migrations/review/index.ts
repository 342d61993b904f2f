import type { MigrationInterface } from 'typeorm';
import { CreateReview1764000000500 } from './1764000000500-create-review';
import { ReviewRetentionIndexes1764000000903 } from './1764000000903-review-retention-indexes';

export const REVIEW_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateReview1764000000500,
  ReviewRetentionIndexes1764000000903,
];
