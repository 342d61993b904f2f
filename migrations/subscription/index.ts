import type { MigrationInterface } from 'typeorm';
import { CreateSubscription1764000000700 } from './1764000000700-create-subscription';
import { SubscriptionRetentionIndexes1764000000905 } from './1764000000905-subscription-retention-indexes';

export const SUBSCRIPTION_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateSubscription1764000000700,
  SubscriptionRetentionIndexes1764000000905,
];
