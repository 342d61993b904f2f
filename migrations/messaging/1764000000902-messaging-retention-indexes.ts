import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the messaging context's outbox, inbox and Idempotency-Key store. */
export class MessagingRetentionIndexes1764000000902 extends RetentionIndexesMigration {
  name = 'MessagingRetentionIndexes1764000000902';

  constructor() {
    super('messaging', true);
  }
}
