import { randomUUID } from 'node:crypto';
import { pruneStatement } from '../../src/platform/database/retention';
import { EVENT_RETENTION_JOB } from '../../src/platform/events/event-retention.job';
import { IDEMPOTENCY_RETENTION_JOB } from '../../src/platform/idempotency/idempotency-retention.job';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { newInquiry } from '../support/messaging.factory';
import { createTestApp, type TestApp } from '../support/test-app';

const DAY = 86_400_000;

/**
 * Outboxes, inboxes and Idempotency-Key stores are pruned by scheduled jobs, so they do not grow
 * with every booking for ever; nothing still needed (a pending event, a recent key) goes.
 */
describe('platform: retention of delivered events and expired idempotency keys', () => {
  let t: TestApp;
  let scheduler: JobScheduler;
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);

  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      OUTBOX_RETENTION_DAYS: '7',
      INBOX_RETENTION_DAYS: '30',
      IDEMPOTENCY_KEY_RETENTION_HOURS: '24',
    });
    scheduler = t.app.get(JobScheduler);
  });
  afterAll(() => t.close());

  const outboxRow = (label: string, occurredAt: Date, publishedAt: Date | null, attempts = 0) =>
    t.db.query(
      `INSERT INTO catalog.outbox_events (id, type, version, payload, occurred_at, published_at, attempts)
       VALUES ($1, 'test.Retained', 1, $2, $3, $4, $5)`,
      [randomUUID(), JSON.stringify({ label }), occurredAt, publishedAt, attempts],
    );
  const outboxLabels = async () =>
    (
      await t.db.query(
        `SELECT payload->>'label' AS label FROM catalog.outbox_events WHERE type = 'test.Retained' ORDER BY 1`,
      )
    ).map((r: { label: string }) => r.label);

  it('drops delivered events older than the outbox retention, and keeps pending and given-up ones', async () => {
    await outboxRow('delivered-8-days-ago', ago(9 * DAY), ago(8 * DAY));
    await outboxRow('delivered-6-days-ago', ago(9 * DAY), ago(6 * DAY));
    await outboxRow('pending-since-60-days', ago(60 * DAY), null);
    await outboxRow('given-up-60-days-ago', ago(60 * DAY), null, 10);

    expect(await scheduler.runNow(EVENT_RETENTION_JOB, now)).toBe(true);

    expect(await outboxLabels()).toEqual([
      'delivered-6-days-ago',
      'given-up-60-days-ago',
      'pending-since-60-days',
    ]);
  });

  it('drops inbox rows older than the inbox retention in every context', async () => {
    const old = randomUUID();
    const recent = randomUUID();
    for (const schema of ['rental', 'payment']) {
      await t.db.query(
        `INSERT INTO ${schema}.inbox_events (event_id, handler, processed_at) VALUES ($1, 'h', $2), ($3, 'h', $4)`,
        [old, ago(31 * DAY), recent, ago(29 * DAY)],
      );
    }
    await scheduler.runNow(EVENT_RETENTION_JOB, now);
    for (const schema of ['rental', 'payment']) {
      const rows = await t.db.query(
        `SELECT event_id FROM ${schema}.inbox_events WHERE event_id = ANY($1::uuid[])`,
        [[old, recent]],
      );
      expect([schema, rows]).toEqual([schema, [{ event_id: recent }]]);
    }
  });

  it('works through more rows than one statement deletes, in one run', async () => {
    await t.db.query(
      `INSERT INTO review.outbox_events (id, type, version, payload, occurred_at, published_at)
       SELECT gen_random_uuid(), 'test.Bulk', 1, '{}', $1, $1 FROM generate_series(1, 12001)`,
      [ago(10 * DAY)],
    );
    await scheduler.runNow(EVENT_RETENTION_JOB, now);
    const [left] = await t.db.query(
      `SELECT count(*)::int AS n FROM review.outbox_events WHERE type = 'test.Bulk'`,
    );
    expect(left.n).toBe(0);
  });

  it('expires an Idempotency-Key after its retention: a retry before replays, the same key after is a new request', async () => {
    const owner = await signUp(t.http);
    const product = await createProduct(t, owner);
    const { renter, conversation } = await newInquiry(t, product.id);
    const send = (key: string, body: string) =>
      t.http
        .post(`/api/v1/messaging/conversations/${conversation.id}/messages`)
        .set(renter.auth)
        .set('Idempotency-Key', key)
        .send({ type: 'text', body });
    const expiring = `expiring-${randomUUID()}`;
    const kept = `kept-${randomUUID()}`;
    const first = await send(expiring, 'first');
    const keptFirst = await send(kept, 'kept');
    expect([first.status, keptFirst.status]).toEqual([201, 201]);
    await t.db.query(`UPDATE messaging.idempotency_keys SET created_at = $1 WHERE key = $2`, [
      ago(25 * 3_600_000),
      expiring,
    ]);
    await t.db.query(`UPDATE messaging.idempotency_keys SET created_at = $1 WHERE key = $2`, [
      ago(23 * 3_600_000),
      kept,
    ]);

    expect(await scheduler.runNow(IDEMPOTENCY_RETENTION_JOB, now)).toBe(true);

    const keys = await t.db.query(`SELECT key FROM messaging.idempotency_keys WHERE key = ANY($1)`, [
      [expiring, kept],
    ]);
    expect(keys).toEqual([{ key: kept }]);
    const replay = await send(kept, 'kept');
    expect([replay.status, replay.body.id]).toEqual([201, keptFirst.body.id]);
    // Another body under the expired key would have been a 422; now it is simply a new message.
    const reused = await send(expiring, 'second');
    expect(reused.status).toBe(201);
    expect(reused.body.id).not.toBe(first.body.id);
    const bodies = await t.db.query(
      `SELECT body FROM messaging.messages WHERE conversation_id = $1 AND body IN ('first', 'second', 'kept') ORDER BY body`,
      [conversation.id],
    );
    expect(bodies.map((r: { body: string }) => r.body)).toEqual(['first', 'kept', 'second']);
  });

  it('walks an index for every table it prunes (no sequential scan when one is priced out)', async () => {
    // Every table the jobs prune, found as they find them: by name, in whichever schema has one.
    const PRUNED_BY: Record<string, string> = {
      outbox_events: 'published_at',
      inbox_events: 'processed_at',
      idempotency_keys: 'created_at',
    };
    const found: { table_schema: string; table_name: string }[] = await t.db.query(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_name = ANY($1) ORDER BY table_schema, table_name`,
      [Object.keys(PRUNED_BY)],
    );
    const tables = found.map((r): [string, string] => [
      `${r.table_schema}.${r.table_name}`,
      PRUNED_BY[r.table_name],
    ]);
    // Ten outboxes, eleven inboxes (mail only handles events) and four Idempotency-Key stores.
    expect(tables.length).toBe(10 + 11 + 4);
    expect(tables.map(([table]) => table)).toEqual(
      expect.arrayContaining([
        'identity.outbox_events',
        'identity.inbox_events',
        'mail.inbox_events',
        'integration.outbox_events',
        'integration.inbox_events',
        'notification.inbox_events',
      ]),
    );
    const runner = t.db.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL enable_seqscan = off');
      for (const [table, column] of tables) {
        const [{ 'QUERY PLAN': plan }] = await runner.query(
          `EXPLAIN (FORMAT JSON) ${pruneStatement(table, column)}`,
          [now, 10],
        );
        expect([table, JSON.stringify(plan).includes('"Seq Scan"')]).toEqual([table, false]);
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
