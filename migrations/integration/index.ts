import type { MigrationInterface } from 'typeorm';
import { CreateIntegration1764000001500 } from './1764000001500-create-integration';
import { IntegrationRetentionIndexes1764000001501 } from './1764000001501-integration-retention-indexes';
import { EventsFeed1764000001502 } from './1764000001502-events-feed';
import { Webhooks1764000001503 } from './1764000001503-webhooks';

export const INTEGRATION_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateIntegration1764000001500,
  IntegrationRetentionIndexes1764000001501,
  EventsFeed1764000001502,
  Webhooks1764000001503,
];
