import type { MigrationInterface } from 'typeorm';

export const SUBSCRIPTION_MIGRATIONS: (new () => MigrationInterface)[] = [];
