import {
  INBOX_PAGE_SQL,
  MESSAGES_BEFORE_SQL,
} from '../../src/modules/messaging/persistence/conversation-reader';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  Plans?: PlanNode[];
}
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

const READER = '10000000-0000-4000-8000-000000000001';

/**
 * The real inbox and message-page SQL on a realistic volume (60,050 conversations, 123,000 messages)
 * after ANALYZE, with no planner switches: the unread counts and last messages must come from
 * ix_messages_conversation_position, never from scanning messages.
 */
describe('messaging: inbox and message pages use the indexes at realistic size', () => {
  let t: TestApp;
  let busiest: string;
  beforeAll(async () => {
    // A bulk load, not what is under test: it may take longer than the API's statement timeout on a
    // busy machine, and the pool's client-side deadline (the timeout plus a second) would cut it even
    // with `SET LOCAL statement_timeout = 0`: this app allows ten minutes.
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      DATABASE_STATEMENT_TIMEOUT_MS: '600000',
    });
    await t.db.transaction(async (m) => {
      // 50 conversations of the reader (as owner) with 60 messages each, and 60,000 of other people with 2.
      await m.query(`
        INSERT INTO messaging.conversations (id, product_id, rental_id, renter_id, owner_id, last_message_at)
        SELECT gen_random_uuid(), gen_random_uuid(), NULL, gen_random_uuid(),
               CASE WHEN g <= 50 THEN '${READER}'::uuid ELSE gen_random_uuid() END,
               now() - make_interval(mins => g)
        FROM generate_series(1, 60050) g`);
      await m.query(`
        INSERT INTO messaging.conversation_participants (conversation_id, user_id, role)
        SELECT id, renter_id, 'renter' FROM messaging.conversations
        UNION ALL SELECT id, owner_id, 'owner' FROM messaging.conversations`);
      await m.query(`
        INSERT INTO messaging.messages (id, conversation_id, sender_id, type, body, created_at)
        SELECT gen_random_uuid(), c.id, CASE WHEN n % 2 = 0 THEN c.renter_id ELSE c.owner_id END, 'text',
               'message ' || n, c.last_message_at - make_interval(secs => n)
        FROM messaging.conversations c
        CROSS JOIN LATERAL generate_series(1, CASE WHEN c.owner_id = '${READER}' THEN 60 ELSE 2 END) n`);
      // The reader has read half of each conversation.
      await m.query(
        `UPDATE messaging.conversation_participants p SET last_read_at = m.created_at, last_read_message_id = m.id
         FROM messaging.messages m WHERE p.user_id = $1 AND m.conversation_id = p.conversation_id AND m.body = 'message 30'`,
        [READER],
      );
      // A sample as large as the table: ANALYZE (ours, or autovacuum's after the commit) then sees
      // every row, so the planner knows the busy conversations and the plan cannot depend on which
      // rows a 30,000-row sample happened to draw (it once chose a Sort that way under load).
      await m.query('ALTER TABLE messaging.messages ALTER COLUMN conversation_id SET STATISTICS 1000');
      await m.query(
        'ANALYZE messaging.conversations, messaging.conversation_participants, messaging.messages',
      );
    });
    [{ id: busiest }] = await t.db.query(
      'SELECT conversation_id AS id FROM messaging.conversation_participants WHERE user_id = $1 LIMIT 1',
      [READER],
    );
  });
  afterAll(() => t.close());

  const explain = async (sql: string, params: unknown[]) => {
    const [row] = await t.db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return nodes(row['QUERY PLAN'][0].Plan as PlanNode);
  };

  it('reads an inbox page with index lookups only', async () => {
    const plan = await explain(INBOX_PAGE_SQL, [READER, 20, 0, []]);
    expect(plan.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(plan.some((n) => n['Index Name'] === 'ix_conversation_participants_user')).toBe(true);
    // The last message (index scan) and the unread count (index or bitmap scan) both use the position index.
    const onPositions = plan.filter((n) => n['Index Name'] === 'ix_messages_conversation_position');
    expect(onPositions.length).toBeGreaterThanOrEqual(2);
    // The page is cut before any message is looked at: some Limit covers the participants scan
    // and nothing of messages, so the LATERAL lookups run for the 20 rows of the page only.
    const pageCut = plan.find(
      (n) =>
        n['Node Type'] === 'Limit' &&
        nodes(n).some((m) => m['Relation Name'] === 'conversation_participants') &&
        !nodes(n).some((m) => m['Relation Name'] === 'messages'),
    );
    expect(pageCut).toBeDefined();

    const page = await t.db.query(INBOX_PAGE_SQL, [READER, 20, 0, []]);
    expect(page).toHaveLength(20);
    // Messages 1..29 are newer than the read position; the odd ones are the reader's own: 14 unread.
    expect(page.map((r: { unread: number }) => r.unread)).toEqual(Array(20).fill(14));
  });

  it('reads a page of older messages as a backward range scan, with no sort', async () => {
    const [{ created_at, id }] = await t.db.query(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at, id
       FROM messaging.messages WHERE conversation_id = $1 AND body = 'message 10'`,
      [busiest],
    );
    const plan = await explain(MESSAGES_BEFORE_SQL, [busiest, created_at, id, 31]);
    expect(plan.some((n) => n['Node Type'] === 'Sort')).toBe(false);
    const scan = plan.find((n) => n['Relation Name'] === 'messages');
    expect(scan).toMatchObject({
      'Index Name': 'ix_messages_conversation_position',
      'Scan Direction': 'Backward',
    });
    const rows = await t.db.query(MESSAGES_BEFORE_SQL, [busiest, created_at, id, 31]);
    expect(rows.map((r: { body: string }) => r.body).slice(0, 3)).toEqual([
      'message 11',
      'message 12',
      'message 13',
    ]);
  });
});
