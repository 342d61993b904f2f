import type { MigrationInterface } from 'typeorm';
import { CreateMessaging1764000000400 } from './1764000000400-create-messaging';

export const MESSAGING_MIGRATIONS: (new () => MigrationInterface)[] = [CreateMessaging1764000000400];
