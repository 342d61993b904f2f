import type { MigrationInterface } from 'typeorm';
import { CreateCatalog1764000000200 } from './1764000000200-create-catalog';

export const CATALOG_MIGRATIONS: (new () => MigrationInterface)[] = [CreateCatalog1764000000200];
