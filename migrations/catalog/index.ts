import type { MigrationInterface } from 'typeorm';

export const CATALOG_MIGRATIONS: (new () => MigrationInterface)[] = [];
