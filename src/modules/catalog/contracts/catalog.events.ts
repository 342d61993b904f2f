import { defineEvent } from '../../../platform/events/integration-event';
import type { ProductStatus } from './catalog-api';

export interface ProductEventPayload {
  productId: string;
  ownerId: string;
  title: string;
  status: ProductStatus;
}

export const ProductListed = defineEvent<ProductEventPayload>('catalog.ProductListed');
export const ProductUpdated = defineEvent<ProductEventPayload>('catalog.ProductUpdated');
export const ProductDeleted = defineEvent<ProductEventPayload>('catalog.ProductDeleted');
