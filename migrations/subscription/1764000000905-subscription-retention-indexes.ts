import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the subscription context's outbox, inbox and Idempotency-Key store. */
export class SubscriptionRetentionIndexes1764000000905 extends RetentionIndexesMigration {
  name = 'SubscriptionRetentionIndexes1764000000905';

  constructor() {
    super('subscription', true);
  }
}
