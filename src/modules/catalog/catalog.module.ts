import { Global, Module } from '@nestjs/common';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { CatalogApiService } from './application/catalog-api.service';
import { ListingHiddenSubscriber } from './application/listing-hidden.subscriber';
import { ListingModeration } from './application/listing-moderation.service';
import { CategoryService } from './application/category.service';
import { OwnerRestrictionSubscriber } from './application/owner-restriction.subscriber';
import { ProductRatingSubscriber } from './application/product-rating.subscriber';
import { RentalHoldsSubscriber } from './application/rental-holds.subscriber';
import { ProductCommands } from './application/product-commands.service';
import { ImageViews } from './application/image-views';
import { ProductImages } from './application/product-images.service';
import { ProductReader } from './application/product-reader';
import { ProductSearch } from './application/product-search.service';
import { TagStore } from './application/tag-store';
import { CatalogUserErasureSubscriber } from './application/user-erasure.subscriber';
import { CatalogPersonalDataExport } from './application/personal-data-export';
import { ReportableListingSource } from './application/reportable-listing.source';
import { CatalogApi } from './contracts/catalog-api';
import { AdminListingsController } from './http/admin-listings.controller';
import { CategoriesController } from './http/categories.controller';
import { ProductImagesController } from './http/product-images.controller';
import { ProductsController } from './http/products.controller';
import { CategoryEntity } from './persistence/category.entity';
import { OwnerRestrictionEntity } from './persistence/owner-restriction.entity';
import { ProductBookingEntity } from './persistence/product-booking.entity';
import { ProductImageEntity } from './persistence/product-image.entity';
import { ProductTagEntity } from './persistence/product-tag.entity';
import { ProductEntity } from './persistence/product.entity';
import { TagEntity } from './persistence/tag.entity';

const entities = [
  CategoryEntity,
  TagEntity,
  ProductEntity,
  ProductTagEntity,
  ProductImageEntity,
  ProductBookingEntity,
  OwnerRestrictionEntity,
];
const useCases = [
  CategoryService,
  ProductCommands,
  ProductImages,
  ProductReader,
  ProductSearch,
  ListingModeration,
];
const infrastructure = [TagStore, ImageViews];
const subscribersAndJobs = [
  RentalHoldsSubscriber,
  ProductRatingSubscriber,
  OwnerRestrictionSubscriber,
  CatalogUserErasureSubscriber,
  ListingHiddenSubscriber,
];
const personalDataExport = [CatalogPersonalDataExport];
// What trust asks when someone reports a listing.
const reportableContent = [ReportableListingSource];
const publicApi = { provide: CatalogApi, useClass: CatalogApiService };

// Global: other contexts inject the exported public API (the only export) without importing this
// module, so contexts depend on each other's contracts alone and never form module cycles.
@Global()
@Module({
  imports: [ContextDatabaseModule.forContext('catalog', entities)],
  controllers: [CategoriesController, ProductsController, ProductImagesController, AdminListingsController],
  providers: [
    ...personalDataExport,
    ...reportableContent,
    ...useCases,
    ...infrastructure,
    ...subscribersAndJobs,
    publicApi,
  ],
  exports: [CatalogApi],
})
export class CatalogModule {}
