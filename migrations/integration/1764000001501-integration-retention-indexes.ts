import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the integration context's outbox and inbox. */
export class IntegrationRetentionIndexes1764000001501 extends RetentionIndexesMigration {
  name = 'IntegrationRetentionIndexes1764000001501';

  constructor() {
    super('integration', false);
  }
}
