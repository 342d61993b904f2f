import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the review context's outbox and inbox. */
export class ReviewRetentionIndexes1764000000903 extends RetentionIndexesMigration {
  name = 'ReviewRetentionIndexes1764000000903';

  constructor() {
    super('review', false);
  }
}
