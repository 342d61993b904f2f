import type { MigrationInterface } from 'typeorm';
import { CreateSubscription1764000000700 } from './1764000000700-create-subscription';

export const SUBSCRIPTION_MIGRATIONS: (new () => MigrationInterface)[] = [CreateSubscription1764000000700];
