import type { MigrationInterface } from 'typeorm';

export const MESSAGING_MIGRATIONS: (new () => MigrationInterface)[] = [];
