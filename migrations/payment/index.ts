import type { MigrationInterface } from 'typeorm';

export const PAYMENT_MIGRATIONS: (new () => MigrationInterface)[] = [];
