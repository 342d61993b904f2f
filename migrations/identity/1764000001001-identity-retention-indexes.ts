import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the identity context's outbox and inbox. */
export class IdentityRetentionIndexes1764000001001 extends RetentionIndexesMigration {
  name = 'IdentityRetentionIndexes1764000001001';

  constructor() {
    super('identity', false);
  }
}
