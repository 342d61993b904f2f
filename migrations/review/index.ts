import type { MigrationInterface } from 'typeorm';
import { CreateReview1764000000500 } from './1764000000500-create-review';

export const REVIEW_MIGRATIONS: (new () => MigrationInterface)[] = [CreateReview1764000000500];
