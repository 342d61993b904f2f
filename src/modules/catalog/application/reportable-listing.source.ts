import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { primaryQuery } from '../../../platform/database/plain-reads';
import type { ReportableContent } from '../../trust';
import { ReportableContentRegistry } from '../../trust';

/** Enough of the description for a moderator to see what was claimed; the full text stays in catalog. */
const DESCRIPTION_EXCERPT = 500;

/**
 * Tells trust what a reported listing is. Only what a stranger can see may be reported (active,
 * not deleted, its owner active: the search's visibility); anything else answers null, so a
 * report of it is the same 404 as a look at it.
 */
@Injectable()
export class ReportableListingSource implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ReportableContentRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register('listing', (productId) => this.describe(productId));
  }

  async describe(productId: string): Promise<ReportableContent | null> {
    const [row] = await primaryQuery<{
      owner_id: string;
      title: string;
      description: string;
      daily_price: number;
      currency: string;
    }>(
      this.dataSource,
      `SELECT owner_id, title, left(description, ${DESCRIPTION_EXCERPT}) AS description, daily_price, currency
       FROM catalog.products
       WHERE id = $1 AND status = 'active' AND deleted_at IS NULL AND owner_active`,
      [productId],
    );
    if (!row) return null;
    return {
      authorId: row.owner_id,
      snapshot: {
        title: row.title,
        description: row.description,
        dailyPrice: row.daily_price,
        currency: row.currency,
        ownerId: row.owner_id,
      },
    };
  }
}
