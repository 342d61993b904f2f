import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One published event in the feed. `position` is the cursor: appends take a lock first, so a
 * position is drawn only once every earlier append has committed (positions follow commit order).
 */
@Entity({ schema: 'integration', name: 'feed_events' })
@Unique('uq_feed_events_event', ['eventId'])
@Index('ix_feed_events_type', ['type', 'position'])
@Index('ix_feed_events_appended', ['appendedAt'])
export class FeedEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_feed_events' })
  position: string;

  @Column('uuid')
  eventId: string;

  @Column('text')
  type: string;

  @Column('integer')
  version: number;

  /** `rental:<id>`: events of one resource reach each webhook endpoint in order. */
  @Column('text')
  resource: string;

  @Column('timestamptz')
  occurredAt: Date;

  @Column('timestamptz')
  appendedAt: Date;

  /** The payload as published (projected through its schema). */
  @Column('jsonb')
  payload: Record<string, unknown>;
}

/** One row: the highest position retention has pruned (older cursors get 410). */
@Entity({ schema: 'integration', name: 'feed_state' })
@Check('chk_feed_state_single', 'id = 1')
export class FeedStateEntity {
  @PrimaryColumn('smallint', { primaryKeyConstraintName: 'pk_feed_state' })
  id: number;

  @Column('bigint')
  prunedThrough: string;
}
