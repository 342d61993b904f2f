import { RetentionIndexesMigration } from '../../src/platform/database/retention-indexes.migration';

/** Indexes the retention jobs walk to prune the notification context's outbox and inbox. */
export class NotificationRetentionIndexes1764000002101 extends RetentionIndexesMigration {
  name = 'NotificationRetentionIndexes1764000002101';

  constructor() {
    super('notification', false);
  }
}
