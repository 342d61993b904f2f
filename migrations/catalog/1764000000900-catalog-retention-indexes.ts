import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the catalog context's outbox and inbox. */
export class CatalogRetentionIndexes1764000000900 extends RetentionIndexesMigration {
  name = 'CatalogRetentionIndexes1764000000900';

  constructor() {
    super('catalog', false);
  }
}
