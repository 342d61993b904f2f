import type { MigrationInterface } from 'typeorm';
import { CreateRental1764000000300 } from './1764000000300-create-rental';

export const RENTAL_MIGRATIONS: (new () => MigrationInterface)[] = [CreateRental1764000000300];
