import { EARTH_RADIUS } from '../domain/geo';
import type { SearchInput, SearchPlan, SearchSort } from '../domain/search-rules';

/** `fulltext` matches words (stemmed, web-search syntax); `fuzzy` matches titles by trigram similarity. */
export type TextMode = 'fulltext' | 'fuzzy';

/**
 * Builds GET /products' SQL. Every value the caller sent travels as a bind parameter; the SQL text
 * itself is assembled only from the constant fragments below.
 */
export class SearchSql {
  readonly params: unknown[] = [];
  private readonly where: string[] = [];
  private rank = '0::real';
  private distance = 'NULL::double precision';

  constructor(
    input: SearchInput,
    private readonly plan: SearchPlan,
    categoryIds: string[] | null,
    today: string,
    textMode: TextMode = 'fulltext',
  ) {
    const bind = (value: unknown) => `$${this.params.push(value)}`;
    if (plan.ownListings) {
      this.where.push(`p.owner_id = ${bind(input.ownerId)}`, 'p.deleted_at IS NULL');
      if (input.status) this.where.push(`p.status = ${bind(input.status)}`);
    } else {
      // The same predicate as the partial indexes' WHERE, so the planner can use them.
      this.where.push(`p.status = 'active'`, 'p.deleted_at IS NULL', 'p.owner_active');
      if (input.ownerId) this.where.push(`p.owner_id = ${bind(input.ownerId)}`);
    }
    if (input.q) {
      const q = bind(input.q);
      if (textMode === 'fulltext') {
        const tsq = `websearch_to_tsquery('english', ${q})`;
        this.where.push(`p.search_vector @@ ${tsq}`);
        this.rank = `ts_rank_cd(p.search_vector, ${tsq}, 1)`;
      } else {
        // Nothing matched word for word: titles holding a word similar to the query ("drll" ~ "drill").
        this.where.push(`${q} <% p.title`);
        this.rank = `word_similarity(${q}, p.title)`;
      }
    }
    if (categoryIds) this.where.push(`p.category_id = ANY(${bind(categoryIds)}::uuid[])`);
    if (input.tags?.length) {
      const keys = [...new Set(input.tags.map((t) => t.trim().replace(/\s+/g, ' ').toLowerCase()))];
      this.where.push(`p.id IN (SELECT pt.product_id FROM catalog.product_tags pt
        JOIN catalog.tags t ON t.id = pt.tag_id WHERE t.name_key = ANY(${bind(keys)}::text[])
        GROUP BY pt.product_id HAVING count(*) = ${bind(keys.length)})`);
    }
    if (input.currency) this.where.push(`p.currency = ${bind(input.currency)}`);
    if (input.minPrice !== undefined) this.where.push(`p.daily_price >= ${bind(input.minPrice)}`);
    if (input.maxPrice !== undefined) this.where.push(`p.daily_price <= ${bind(input.maxPrice)}`);
    if (plan.geo) {
      const { lat, lng, radiusKm, box } = plan.geo;
      // Index-friendly box first; the exact great-circle distance then trims its corners.
      this.where.push(`p.latitude BETWEEN ${bind(box.minLat)} AND ${bind(box.maxLat)}`);
      if (box.minLng !== null)
        this.where.push(`p.longitude BETWEEN ${bind(box.minLng)} AND ${bind(box.maxLng)}`);
      const la = bind(lat);
      const ln = bind(lng);
      this.distance = `(2 * ${EARTH_RADIUS} * asin(least(1, sqrt(
        power(sin(radians(p.latitude - ${la}::float8) / 2), 2) +
        cos(radians(${la}::float8)) * cos(radians(p.latitude)) * power(sin(radians(p.longitude - ${ln}::float8) / 2), 2)))))`;
      this.where.push(`${this.distance} <= ${bind(radiusKm)}`);
    }
    if (plan.stay) {
      const from = `${bind(plan.stay.from)}::date`;
      const to = `${bind(plan.stay.to)}::date`;
      // Bookable for exactly this stay: within the owner's rules and clear of every held booking,
      // including the buffer days the owner keeps around each rental.
      this.where.push(`(${to} - ${from}) BETWEEN p.min_days AND p.max_days`);
      this.where.push(`(${from} - ${bind(today)}::date) >= p.lead_time_days`);
      this.where.push(`NOT EXISTS (SELECT 1 FROM catalog.product_bookings b
        WHERE b.product_id = p.id AND b.status IN ('requested', 'accepted', 'active')
        AND b.period && daterange(${from} - p.buffer_days, ${to} + p.buffer_days, '[)'))`);
    }
  }

  /** Leaves out the listings of these owners (people the viewer blocked or was blocked by). */
  withoutOwners(ownerIds: string[]): this {
    if (ownerIds.length > 0) this.where.push(`p.owner_id <> ALL($${this.params.push(ownerIds)}::uuid[])`);
    return this;
  }

  private get whereSql(): string {
    return this.where.join('\n  AND ');
  }

  count(): { sql: string; params: unknown[] } {
    return {
      sql: `SELECT count(*)::int AS total FROM catalog.products p WHERE ${this.whereSql}`,
      params: this.params,
    };
  }

  /**
   * The page: matching rows are ordered and cut first, then only the page's rows are joined to
   * their category and cover image.
   */
  page(limit: number, offset: number): { sql: string; params: unknown[] } {
    const params = [...this.params, limit, offset];
    const sql = `
      WITH found AS (
        SELECT p.id, p.owner_id, p.title, p.tag_names, p.condition, p.city, p.country, p.latitude, p.longitude,
          p.daily_price, p.weekly_price, p.deposit, p.currency, p.min_days, p.max_days, p.lead_time_days,
          p.buffer_days, p.cancellation_policy, p.status, p.rating_average, p.rating_count, p.created_at, p.category_id,
          ${this.rank} AS rank, ${this.distance} AS distance_km
        FROM catalog.products p
        WHERE ${this.whereSql}
        ORDER BY ${orderBy(this.plan.sort, 'p', this.rank, this.distance)}
        LIMIT $${params.length - 1} OFFSET $${params.length}
      )
      SELECT f.*, c.name AS category_name, c.slug AS category_slug, img.url AS cover_url, img.alt AS cover_alt,
             img.variants AS cover_variants
      FROM found f
      JOIN catalog.categories c ON c.id = f.category_id
      LEFT JOIN catalog.product_images img ON img.product_id = f.id AND img.position = 0
      ORDER BY ${orderBy(this.plan.sort, 'f', 'f.rank', 'f.distance_km')}`;
    return { sql, params };
  }
}

function orderBy(sort: SearchSort, t: 'p' | 'f', rank: string, distance: string): string {
  switch (sort) {
    case 'relevance':
      return `${rank} DESC, ${t}.id`;
    case 'price_asc':
      return `${t}.daily_price ASC, ${t}.id`;
    case 'price_desc':
      return `${t}.daily_price DESC, ${t}.id`;
    case 'newest':
      return `${t}.created_at DESC, ${t}.id DESC`;
    case 'distance':
      return `${distance} ASC, ${t}.id`;
    case 'rating':
      return `${t}.rating_average DESC NULLS LAST, ${t}.rating_count DESC, ${t}.id`;
  }
}
