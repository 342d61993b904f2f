import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the payment context's outbox, inbox and Idempotency-Key store. */
export class PaymentRetentionIndexes1764000000904 extends RetentionIndexesMigration {
  name = 'PaymentRetentionIndexes1764000000904';

  constructor() {
    super('payment', true);
  }
}
