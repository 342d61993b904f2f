import type { MigrationInterface } from 'typeorm';
import { CreateCatalog1764000000200 } from './1764000000200-create-catalog';
import { SearchTextWithCategory1764000000800 } from './1764000000800-search-text-with-category';

export const CATALOG_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateCatalog1764000000200,
  SearchTextWithCategory1764000000800,
];
