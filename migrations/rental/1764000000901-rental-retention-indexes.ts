import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the rental context's outbox, inbox and Idempotency-Key store. */
export class RentalRetentionIndexes1764000000901 extends RetentionIndexesMigration {
  name = 'RentalRetentionIndexes1764000000901';

  constructor() {
    super('rental', true);
  }
}
