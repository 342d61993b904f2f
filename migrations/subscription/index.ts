import type { MigrationInterface } from 'typeorm';
import { CreateSubscription1764000000700 } from './1764000000700-create-subscription';
import { SubscriptionRetentionIndexes1764000000905 } from './1764000000905-subscription-retention-indexes';
import { SubscriptionPersonalDataIndexes1764000001050 } from './1764000001050-personal-data-indexes';

export const SUBSCRIPTION_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateSubscription1764000000700,
  SubscriptionRetentionIndexes1764000000905,
  SubscriptionPersonalDataIndexes1764000001050,
];
