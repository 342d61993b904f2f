import type { MigrationInterface } from 'typeorm';
import { CreateMessaging1764000000400 } from './1764000000400-create-messaging';
import { MessagingIdempotencyKeys1764000000401 } from './1764000000401-messaging-idempotency-keys';
import { MessagingRetentionIndexes1764000000902 } from './1764000000902-messaging-retention-indexes';
import { RemovedMessages1764000001321 } from './1764000001321-removed-messages';

export const MESSAGING_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateMessaging1764000000400,
  MessagingIdempotencyKeys1764000000401,
  MessagingRetentionIndexes1764000000902,
  RemovedMessages1764000001321,
];
