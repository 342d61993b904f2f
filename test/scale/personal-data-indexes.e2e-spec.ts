import { EventRelay } from '../../src/platform/events/event-relay';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { recordStatements } from '../support/statement-recorder';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

/**
 * The personal-data export and the erasure look a person up in every context's tables, tables
 * that grow with the whole marketplace. The real app runs an export and an erasure over HTTP
 * while its statements are recorded; each statement that reads one of the tables below is
 * EXPLAINed with sequential scans priced out (SET LOCAL enable_seqscan = off) and must reach the
 * table through the named index (a full scan of the primary key would be no better than a Seq
 * Scan, so the index is named, not merely "an index").
 */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

interface Access {
  table: string;
  seqScan: boolean;
  indexes: string[];
}

/** The index names a bitmap subtree (BitmapOr, Bitmap Index Scan) reads. */
function bitmapIndexes(node: PlanNode): string[] {
  return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(bitmapIndexes)];
}

/** Every scan of a table in the plan: whether it is a Seq Scan, and which indexes it reads. */
function accesses(node: PlanNode, found: Access[] = []): Access[] {
  const isScan = node['Node Type'] !== 'ModifyTable' && node.Schema && node['Relation Name'];
  const children = node.Plans ?? [];
  if (isScan) {
    const bitmaps = node['Node Type'] === 'Bitmap Heap Scan' ? children : [];
    found.push({
      table: `${node.Schema}.${node['Relation Name']}`,
      seqScan: node['Node Type'] === 'Seq Scan',
      indexes: [...(node['Index Name'] ? [node['Index Name']] : []), ...bitmaps.flatMap(bitmapIndexes)],
    });
    for (const child of children) if (!bitmaps.includes(child)) accesses(child, found);
  } else for (const child of children) accesses(child, found);
  return found;
}

describe('scale: the personal-data export and erasure reach a person through indexes', () => {
  let t: TestApp;
  let ada: SignedUpUser;
  const recorded: { sql: string; params: unknown[] }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
    ada = await signUp(t.http, { fullName: 'Ada Lovelace' });
    recordStatements(t, recorded);
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();

  async function plan(sql: string, params: unknown[]): Promise<Access[]> {
    const runner = t.db.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL enable_seqscan = off');
      const [row] = await runner.query(`EXPLAIN (FORMAT JSON, VERBOSE) ${sql}`, params);
      return accesses(row['QUERY PLAN'][0].Plan);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /** The recorded statements matching `pattern`, each with how it reaches `table`. */
  async function plansFor(pattern: RegExp, table: string): Promise<Access[][]> {
    const statements = recorded.filter(({ sql }) => pattern.test(sql));
    expect(statements.length).toBeGreaterThan(0);
    const plans: Access[][] = [];
    for (const { sql, params } of statements)
      plans.push((await plan(sql, params)).filter((a) => a.table === table));
    return plans;
  }

  it('exports (202, then ready) with every lookup by person on an index', async () => {
    const res = await t.http.post('/api/v1/account/data-exports').set(ada.auth);
    expect(res.status).toBe(202);
    await drain();
    const shown = await t.http.get(`/api/v1/account/data-exports/${res.body.id}`).set(ada.auth);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: res.body.id, status: 'ready' });
    const [row] = await t.db.query('SELECT status, document FROM identity.data_exports WHERE id = $1', [
      res.body.id,
    ]);
    expect(row.status).toBe('ready');
    expect(row.document.payment.ledgerEntries).toEqual([]);

    expect(await plansFor(/FROM payment\.ledger_entries WHERE payer_id/, 'payment.ledger_entries')).toEqual([
      [
        {
          table: 'payment.ledger_entries',
          seqScan: false,
          indexes: ['ix_ledger_entries_payer', 'ix_ledger_entries_payee'],
        },
      ],
    ]);
    expect(
      await plansFor(/FROM review\.product_reviews WHERE reviewer_id/, 'review.product_reviews'),
    ).toEqual([
      [{ table: 'review.product_reviews', seqScan: false, indexes: ['ix_product_reviews_reviewer'] }],
    ]);
    expect(await plansFor(/FROM review\.user_reviews\s+WHERE reviewer_id/, 'review.user_reviews')).toEqual([
      [
        {
          table: 'review.user_reviews',
          seqScan: false,
          indexes: ['ix_user_reviews_reviewer', 'ix_user_reviews_reviewee'],
        },
      ],
    ]);
    expect(await plansFor(/FROM rental\.blocks WHERE created_by/, 'rental.blocks')).toEqual([
      [{ table: 'rental.blocks', seqScan: false, indexes: ['ix_blocks_created_by'] }],
    ]);
    expect(await plansFor(/FROM subscription\.listing_usage/, 'subscription.listing_usage')).toEqual([
      [{ table: 'subscription.listing_usage', seqScan: false, indexes: ['ix_listing_usage_owner'] }],
    ]);
  });

  it('erases (204) with the blocks it anonymises found on an index', async () => {
    const res = await t.http.delete('/api/v1/account').set(ada.auth).send({ password: ada.password });
    expect(res.status).toBe(204);
    await drain();
    const [user] = await t.db.query('SELECT status FROM identity.users WHERE id = $1', [ada.id]);
    expect(user.status).toBe('deleted');

    expect(
      await plansFor(/UPDATE rental\.blocks SET reason = NULL WHERE created_by/, 'rental.blocks'),
    ).toEqual([[{ table: 'rental.blocks', seqScan: false, indexes: ['ix_blocks_created_by'] }]]);
  });
});
