import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events feed: every published event in the order it was appended, which is commit order
 * (appends are serialized, see event-feed.writer.ts), and the watermark of what retention pruned.
 */
export class EventsFeed1764000001502 implements MigrationInterface {
  name = 'EventsFeed1764000001502';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration.feed_events (
        position bigserial NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        version integer NOT NULL,
        resource text NOT NULL,
        occurred_at timestamptz NOT NULL,
        appended_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        CONSTRAINT pk_feed_events PRIMARY KEY (position),
        CONSTRAINT uq_feed_events_event UNIQUE (event_id)
      )`);
    await q.query('CREATE INDEX ix_feed_events_type ON integration.feed_events (type, position)');
    await q.query('CREATE INDEX ix_feed_events_appended ON integration.feed_events (appended_at)');
    await q.query(`
      CREATE TABLE integration.feed_state (
        id smallint NOT NULL,
        pruned_through bigint NOT NULL,
        CONSTRAINT pk_feed_state PRIMARY KEY (id),
        CONSTRAINT chk_feed_state_single CHECK (id = 1)
      )`);
    await q.query('INSERT INTO integration.feed_state (id, pruned_through) VALUES (1, 0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE integration.feed_state');
    await q.query('DROP TABLE integration.feed_events');
  }
}
