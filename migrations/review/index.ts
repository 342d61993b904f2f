import type { MigrationInterface } from 'typeorm';

export const REVIEW_MIGRATIONS: (new () => MigrationInterface)[] = [];
