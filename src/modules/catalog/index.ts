// Catalog owns products, categories, tags and images, and product search.
// Others get CatalogApi (a product's owner, pricing, rules and whether it is rentable) and the
// ProductListed/Updated/Deleted events; catalog follows rental and review events for held dates and ratings,
// and trust's ListingHidden for listings a moderator took down.
export { CatalogApi } from './contracts/catalog-api';
export type {
  CancellationPolicyName,
  ProductSnapshot,
  ProductPricing,
  RentalRules,
  ProductStatus,
} from './contracts/catalog-api';
export * from './contracts/catalog.events';
export { ListingQuota } from './contracts/listing-quota';
export { CatalogModule } from './catalog.module';
export { CATALOG_REMOTING } from './contracts/catalog.remoting';
