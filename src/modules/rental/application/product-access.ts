import { Inject, Injectable } from '@nestjs/common';
import { CatalogApi } from '../../catalog';
import type { ProductSnapshot } from '../../catalog';
import { RentalErrors } from '../domain/rental.errors';

/** The product as rental needs it, through the catalog's public API only. */
@Injectable()
export class ProductAccess {
  constructor(@Inject(CatalogApi) private readonly catalog: CatalogApi) {}

  /** A product that exists and is not deleted (404 otherwise). */
  async existing(productId: string): Promise<ProductSnapshot> {
    const product = await this.catalog.findProduct(productId);
    if (!product || product.deleted) throw RentalErrors.productNotFound();
    return product;
  }

  /**
   * A product the viewer may see, as the catalog shows it: listed products to anyone, drafts and
   * paused ones to their owner only (404 to others, so unlisted products stay unknown).
   */
  async visibleTo(productId: string, viewerId: string | undefined): Promise<ProductSnapshot> {
    const product = await this.existing(productId);
    if (!product.rentable && product.ownerId !== viewerId) throw RentalErrors.productNotFound();
    return product;
  }

  /** A product that can be booked now (409 when it is not listed, paused or its owner inactive). */
  async rentable(productId: string): Promise<ProductSnapshot> {
    const product = await this.existing(productId);
    if (!product.rentable) throw RentalErrors.productNotRentable();
    return product;
  }

  /** The caller's own product; someone else's is a 404, as if it did not exist. */
  async ownedBy(productId: string, userId: string): Promise<ProductSnapshot> {
    const product = await this.catalog.findProduct(productId);
    if (!product || product.deleted || product.ownerId !== userId) throw RentalErrors.productNotFound();
    return product;
  }
}
