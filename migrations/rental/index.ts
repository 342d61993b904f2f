import type { MigrationInterface } from 'typeorm';

export const RENTAL_MIGRATIONS: (new () => MigrationInterface)[] = [];
