import type { MigrationInterface } from 'typeorm';
import { CreateCatalog1764000000200 } from './1764000000200-create-catalog';
import { SearchTextWithCategory1764000000800 } from './1764000000800-search-text-with-category';
import { CatalogRetentionIndexes1764000000900 } from './1764000000900-catalog-retention-indexes';
import { ProductImageUploads1764000001200 } from './1764000001200-product-image-uploads';
import { ListingModeration1764000001320 } from './1764000001320-listing-moderation';
import { OwnerRestrictions1764000001323 } from './1764000001323-owner-restrictions';
import { CancellationPolicy1764000001700 } from './1764000001700-cancellation-policy';

export const CATALOG_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateCatalog1764000000200,
  SearchTextWithCategory1764000000800,
  CatalogRetentionIndexes1764000000900,
  ProductImageUploads1764000001200,
  ListingModeration1764000001320,
  OwnerRestrictions1764000001323,
  CancellationPolicy1764000001700,
];
