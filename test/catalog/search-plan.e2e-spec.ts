import { seedBulkProducts, vacuumAnalyzeCatalog } from '../../bench/catalog-search.seed';
import { SearchSql } from '../../src/modules/catalog/application/product-search.sql';
import type { TextMode } from '../../src/modules/catalog/application/product-search.sql';
import type { SearchInput } from '../../src/modules/catalog/domain/search-rules';
import { planSearch } from '../../src/modules/catalog/domain/search-rules';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const ROWS = 20_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a JSON plan, depth first. */
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/**
 * The plans of the real search SQL (the same builder the service uses) on 20,000 realistic
 * products after VACUUM ANALYZE: no planner switches (enable_seqscan stays on), so the indexes are
 * chosen because they are cheaper, as they will be in production.
 */
describe('catalog: search plans use the indexes at realistic size', () => {
  let t: TestApp;
  let categoryIds: string[];
  beforeAll(async () => {
    t = await createTestApp();
    const categories: { id: string }[] = await t.db.query(
      `INSERT INTO catalog.categories (id, parent_id, name, name_key, slug)
       SELECT gen_random_uuid(), NULL, 'Plan ' || g, 'plan ' || g, 'plan-' || g FROM generate_series(1, 40) g
       RETURNING id`,
    );
    categoryIds = categories.map((c) => c.id);
    const owners = Array.from(
      { length: 500 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    await t.db.transaction((m) => seedBulkProducts(m, ROWS, owners, categoryIds));
    // What autovacuum does after a bulk load; without it GIN indexes report no entries to the planner.
    await vacuumAnalyzeCatalog(t.db);
  });
  afterAll(() => t.close());

  async function plan(input: SearchInput, mode: TextMode = 'fulltext', which: 'page' | 'count' = 'page') {
    const today = new Date().toISOString().slice(0, 10);
    const planned = planSearch(input, undefined, today);
    if ('errors' in planned) throw new Error(JSON.stringify(planned.errors));
    const sql = new SearchSql(input, planned.plan, input.categoryId ? [input.categoryId] : null, today, mode);
    const query = which === 'page' ? sql.page(20, 0) : sql.count();
    return t.db.transaction(async (m) => {
      await m.query(`SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', true)`);
      const [row] = await m.query(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.params);
      const all = nodes(row['QUERY PLAN'][0].Plan as PlanNode);
      return {
        indexes: all.map((n) => n['Index Name']).filter(Boolean),
        seqScansOnProducts: all.filter(
          (n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'products',
        ),
      };
    });
  }

  it('the table holds the seeded rows, with statistics', async () => {
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM catalog.products');
    expect(n).toBe(ROWS);
    const [{ tuples }] = await t.db.query(
      `SELECT reltuples::int AS tuples FROM pg_class WHERE oid = 'catalog.products'::regclass`,
    );
    expect(tuples).toBe(ROWS);
  });

  it.each<[string, SearchInput, TextMode, string]>([
    ['full text', { q: 'kayak' }, 'fulltext', 'ix_products_search_category'],
    ['full text, two words', { q: 'kayak decathlon' }, 'fulltext', 'ix_products_search_category'],
    ['typo fallback (trigram)', { q: 'kayakk' }, 'fuzzy', 'ix_products_title_trgm'],
    ['category', { categoryId: 'CATEGORY', sort: 'price_asc' }, 'fulltext', 'ix_products_category'],
    [
      'price range',
      { currency: 'EUR', minPrice: 500, maxPrice: 520, sort: 'price_asc' },
      'fulltext',
      'ix_products_price',
    ],
    ['near + radius', { near: '38.7223,-9.1393', radiusKm: 5 }, 'fulltext', 'ix_products_geo'],
    ['newest, no filter', { sort: 'newest' }, 'fulltext', 'ix_products_newest'],
    ['tags', { tags: ['kayak', 'decathlon'], sort: 'price_asc' }, 'fulltext', 'ix_product_tags_tag'],
    // Text and category meet inside one index, rather than a bounding box read and filtered row by row.
    [
      'full text in a category near a city',
      { q: 'kayak', categoryId: 'CATEGORY', near: '38.7223,-9.1393', radiusKm: 25 },
      'fulltext',
      'ix_products_search_category',
    ],
  ])('%s: the page query uses the index meant for it', async (_label, input, mode, index) => {
    const resolved = input.categoryId ? { ...input, categoryId: categoryIds[3] } : input;
    const result = await plan(resolved, mode);
    expect(result.indexes).toContain(index);
    expect(result.seqScansOnProducts).toEqual([]);
  });

  it.each<[SearchInput, string]>([
    [{ q: 'kayak' }, 'ix_products_search_category'],
    [{ near: '52.52,13.405', radiusKm: 10 }, 'ix_products_geo'],
  ])('the total of %j is index-backed too', async (input, index) => {
    const result = await plan(input, 'fulltext', 'count');
    expect(result.indexes).toContain(index);
    expect(result.seqScansOnProducts).toEqual([]);
  });
});
