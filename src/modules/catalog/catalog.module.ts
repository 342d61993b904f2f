import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity';
import { CatalogApiService } from './application/catalog-api.service';
import { CategoryService } from './application/category.service';
import { OwnerStatus } from './application/owner-status';
import { ProductCommands } from './application/product-commands.service';
import { ProductReader } from './application/product-reader';
import { TagStore } from './application/tag-store';
import { CatalogApi } from './contracts/catalog-api';
import { CategoriesController } from './http/categories.controller';
import { OptionalAuthGuard } from './http/optional-auth.guard';
import { ProductsController } from './http/products.controller';
import { CategoryEntity } from './persistence/category.entity';
import { InactiveOwnerEntity } from './persistence/inactive-owner.entity';
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
  InactiveOwnerEntity,
];
const useCases = [CategoryService, ProductCommands, ProductReader];
const infrastructure = [TagStore, OwnerStatus, OptionalAuthGuard];
const publicApi = { provide: CatalogApi, useClass: CatalogApiService };

@Module({
  imports: [TypeOrmModule.forFeature(entities), IdentityModule],
  controllers: [CategoriesController, ProductsController],
  providers: [...useCases, ...infrastructure, publicApi],
  exports: [CatalogApi],
})
export class CatalogModule {}
