import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the trust context's outbox and inbox. */
export class TrustRetentionIndexes1764000001301 extends RetentionIndexesMigration {
  name = 'TrustRetentionIndexes1764000001301';

  constructor() {
    super('trust', false);
  }
}
