import type { MigrationInterface } from 'typeorm';
import { CreateNotification1764000002100 } from './1764000002100-create-notification';
import { NotificationRetentionIndexes1764000002101 } from './1764000002101-notification-retention-indexes';

export const NOTIFICATION_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateNotification1764000002100,
  NotificationRetentionIndexes1764000002101,
];
