import type { MigrationInterface } from 'typeorm';
import { CreateCatalog1764000000200 } from './1764000000200-create-catalog';
import { SearchTextWithCategory1764000000800 } from './1764000000800-search-text-with-category';
import { CatalogRetentionIndexes1764000000900 } from './1764000000900-catalog-retention-indexes';

export const CATALOG_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateCatalog1764000000200,
  SearchTextWithCategory1764000000800,
  CatalogRetentionIndexes1764000000900,
];
