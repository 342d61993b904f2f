import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryForRead, transactionForRead } from '../../../platform/database/plain-reads';
import type { Page } from '../../../platform/http/pagination';
import type { CancellationPolicyName, ProductStatus } from '../contracts/catalog-api';
import { CatalogErrors } from '../domain/catalog.errors';
import type { Condition } from '../domain/product-rules';
import type { SearchInput } from '../domain/search-rules';
import { planSearch } from '../domain/search-rules';
import type { StoredImage } from '../../../platform/media/image-intake';
import { TrustApi } from '../../trust';
import { ImageViews } from './image-views';
import { SearchSql } from './product-search.sql';
import type { ProductSummary } from './product-view';

interface Row {
  id: string;
  owner_id: string;
  title: string;
  tag_names: string[];
  condition: Condition;
  city: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  daily_price: number;
  weekly_price: number | null;
  deposit: number;
  currency: string;
  min_days: number;
  max_days: number;
  lead_time_days: number;
  buffer_days: number;
  cancellation_policy: CancellationPolicyName;
  status: ProductStatus;
  rating_average: number | null;
  rating_count: number;
  created_at: Date;
  category_id: string;
  category_name: string;
  category_slug: string;
  cover_url: string | null;
  cover_alt: string | null;
  cover_variants: StoredImage['variants'] | null;
  distance_km: number | null;
  rank: number;
}

/**
 * Typo tolerance: pg_trgm's default word similarity (0.6) misses one dropped letter in a short word
 * ("drll" ~ "drill" scores 0.4); the fuzzy pass only runs when full text found nothing, so a looser
 * threshold costs little precision.
 */
const WORD_SIMILARITY = '0.4';

@Injectable()
export class ProductSearch {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly imageViews: ImageViews,
    private readonly trust: TrustApi,
  ) {}

  async search(
    input: SearchInput & { page: number; limit: number },
    viewerId: string | undefined,
    now = new Date(),
  ): Promise<Page<ProductSummary>> {
    const today = now.toISOString().slice(0, 10);
    const planned = planSearch(input, viewerId, today);
    if ('errors' in planned) throw CatalogErrors.invalidSearch(planned.errors);
    const { plan } = planned;
    const categoryIds = input.categoryId ? await this.categoryAndDescendants(input.categoryId) : null;
    const offset = (input.page - 1) * input.limit;
    // A signed-in viewer and the people they blocked or were blocked by do not see each other's
    // listings; anonymous searches ask trust nothing.
    const blocked = viewerId && !plan.ownListings ? await this.trust.blockedWith(viewerId) : [];
    const fulltext = new SearchSql(input, plan, categoryIds, today).withoutOwners(blocked);
    const fuzzy = input.q
      ? new SearchSql(input, plan, categoryIds, today, 'fuzzy').withoutOwners(blocked)
      : null;

    let { rows, total } = await this.run(fulltext, input.limit, offset);
    // Typo tolerance as a fallback: when no word matches, look for titles with similar words.
    // (Mixing both in one query would let similar titles defeat web-search negation, "-mattress".)
    if (total === 0 && fuzzy) ({ rows, total } = await this.run(fuzzy, input.limit, offset));
    return this.page(rows, input, total);
  }

  private run(sql: SearchSql, limit: number, offset: number): Promise<{ rows: Row[]; total: number }> {
    // Page and total from one snapshot, on a read replica when there are any.
    return transactionForRead(this.dataSource, async (query) => {
      await query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [WORD_SIMILARITY]);
      const pageQuery = sql.page(limit, offset);
      const rows = await query<Row>(pageQuery.sql, pageQuery.params);
      // A short page that starts at offset 0 already tells the total.
      if (offset === 0 && rows.length < limit) return { rows, total: rows.length };
      const countQuery = sql.count();
      const [{ total }] = await query<{ total: number }>(countQuery.sql, countQuery.params);
      return { rows, total };
    });
  }

  private async page(
    rows: Row[],
    input: { page: number; limit: number },
    total: number,
  ): Promise<Page<ProductSummary>> {
    const covers = await Promise.all(
      rows.map((r) =>
        this.imageViews.cover({ url: r.cover_url, alt: r.cover_alt, variants: r.cover_variants }),
      ),
    );
    return {
      items: rows.map((r, i) => toSummary(r, covers[i])),
      page: input.page,
      limit: input.limit,
      total,
    };
  }

  private async categoryAndDescendants(categoryId: string): Promise<string[]> {
    // From where the search itself reads (a replica when there are any), so the two agree.
    const rows = await queryForRead<{ id: string }>(
      this.dataSource,
      `WITH RECURSIVE sub AS (
         SELECT id, 0 AS depth FROM catalog.categories WHERE id = $1
         UNION ALL
         SELECT c.id, sub.depth + 1 FROM catalog.categories c JOIN sub ON c.parent_id = sub.id WHERE sub.depth < 50
       ) SELECT id FROM sub`,
      [categoryId],
    );
    if (rows.length === 0) throw CatalogErrors.unknownCategory();
    return rows.map((r) => r.id);
  }
}

function toSummary(r: Row, coverImage: ProductSummary['coverImage']): ProductSummary {
  return {
    id: r.id,
    ownerId: r.owner_id,
    title: r.title,
    category: { id: r.category_id, name: r.category_name, slug: r.category_slug },
    tags: r.tag_names,
    coverImage,
    condition: r.condition,
    address: { city: r.city, country: r.country, lat: r.latitude, lng: r.longitude },
    pricing: {
      dailyPrice: r.daily_price,
      weeklyPrice: r.weekly_price,
      deposit: r.deposit,
      currency: r.currency,
    },
    rules: {
      minDays: r.min_days,
      maxDays: r.max_days,
      leadTimeDays: r.lead_time_days,
      bufferDays: r.buffer_days,
      cancellationPolicy: r.cancellation_policy,
    },
    status: r.status,
    rating: {
      average: r.rating_average === null ? null : Math.round(r.rating_average * 100) / 100,
      count: r.rating_count,
    },
    distanceKm: r.distance_km === null ? null : Math.round(r.distance_km * 10) / 10,
    createdAt: r.created_at.toISOString(),
  };
}
