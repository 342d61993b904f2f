import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ContextDataSources } from '../database/context-data-sources';
import { schemasWithTable } from '../database/retention';
import { EventBus } from './event-bus';
import { handleOnce } from './inbox';
import type { IntegrationEvent } from './integration-event';
import { BrokerUnavailableError, JetStreamPublisher } from './jetstream-publisher';
import { JetStreamSubscribers } from './jetstream-subscribers';
import { outboxTable } from './event-tables';

const BATCH = 100;
/** After this many failed deliveries an event stays in its outbox, with its last error, for an operator. */
export const MAX_ATTEMPTS = 10;
const BROKER_RETRY_SECONDS = 5;
const OUTBOX_LIST_TTL_MS = 60_000;
/** How long drain() waits, with NATS, for the consumers to handle what was published. */
const BROKER_DRAIN_MS = 30_000;

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  payload: unknown;
  occurred_at: Date;
}

/**
 * Delivers outbox events to their subscribers, at least once, in order per outbox. Several app
 * instances can run it together: one instance at a time works on a given outbox (a transaction-
 * scoped advisory lock named after it, safe behind PgBouncer), the others skip it that round, so
 * order holds across instances; rows are also claimed FOR UPDATE SKIP LOCKED. Each subscriber
 * handles an event in its own transaction together with its inbox row, so a redelivery is a no-op.
 * A failing subscriber leaves the event pending with a growing back-off; after MAX_ATTEMPTS it stays
 * in the outbox with its last error for an operator.
 * With NATS_URL set, the relay only publishes each event to JetStream, in order, and marks it
 * published: every subscriber, in this process or another, consumes it from there
 * (JetStreamSubscribers), with the same inbox. A broker outage holds the outbox (retried every few
 * seconds, not counted as an attempt, so no event is given up because the broker was away).
 * In a split (CONTEXTS not all) an instance relays only the outboxes of the contexts it hosts.
 *
 * Passes run every EVENTS_RELAY_INTERVAL_MS while they find work; each empty pass doubles the wait
 * up to EVENTS_RELAY_IDLE_INTERVAL_MS, and an event written in this process wakes the relay back to
 * the short interval. Polling every 200 ms on the requests' pool cost PostgreSQL ~30 % more CPU per
 * search request under load (bench/RESULTS.md); an idle relay now looks every 2 s by default.
 */
@Injectable()
export class EventRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventRelay.name);
  private timer?: NodeJS.Timeout;
  /** When the scheduled pass runs, and the wait that led to it. */
  private next = { at: 0, delay: 0 };
  /** Set by wake(): an event may have been written since the current pass looked. */
  private woken = false;
  private running?: Promise<number>;
  private stopped = false;
  private outboxes?: { schemas: string[]; at: number };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: ContextDataSources,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
    private readonly broker: JetStreamPublisher,
    private readonly subscribers: JetStreamSubscribers,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.EVENTS_RELAY_INTERVAL_MS > 0) this.schedule(this.config.EVENTS_RELAY_INTERVAL_MS);
  }

  /**
   * An event was just written to `schema`'s outbox in this process (its transaction commits in a
   * moment): the next pass comes within the short interval, however long the relay had been idle,
   * and looks for outboxes afresh if this one is not on the list it keeps.
   */
  wake(schema: string): void {
    const base = this.config.EVENTS_RELAY_INTERVAL_MS;
    if (base === 0 || this.stopped) return;
    this.woken = true;
    if (this.outboxes && !this.outboxes.schemas.includes(schema)) this.outboxes = undefined;
    if (this.next.delay > base && this.next.at - Date.now() > base) {
      clearTimeout(this.timer);
      this.schedule(base);
    }
  }

  /** The wait the next pass was scheduled with, or null when the timer is off. */
  scheduledDelay(): number | null {
    return this.timer && !this.stopped ? this.next.delay : null;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Processes until every outbox is empty (or only holds poisoned events), and with NATS until this
   * process's consumers have handled everything published (their handlers may publish more). For
   * tests and shutdown.
   */
  async drain(maxRounds = 50): Promise<void> {
    await this.findOutboxes(true);
    const deadline = Date.now() + BROKER_DRAIN_MS;
    for (let round = 0; round < maxRounds || (this.broker.enabled && Date.now() < deadline); round++) {
      await this.runOnce();
      // Consumers first: an idle one has committed its handlers' outbox writes, which the count sees.
      if ((!this.broker.enabled || (await this.subscribers.idle())) && (await this.pendingCount()) === 0)
        return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(
      'Event relay did not drain: a subscriber keeps failing or another instance holds the rows',
    );
  }

  async pendingCount(): Promise<number> {
    let total = 0;
    for (const schema of await this.findOutboxes()) {
      const [row] = await this.sources
        .for(schema)
        .query(
          `SELECT count(*)::int AS n FROM ${outboxTable(schema)} WHERE published_at IS NULL AND attempts < $1`,
          [MAX_ATTEMPTS],
        );
      total += row.n;
    }
    return total;
  }

  /** One pass over every outbox; returns how many events were published. */
  runOnce(): Promise<number> {
    this.running = (this.running ?? Promise.resolve(0)).catch(() => 0).then(() => this.processAll());
    return this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.next = { at: Date.now() + delay, delay };
    this.timer = setTimeout(async () => {
      let published = 0;
      this.woken = false;
      try {
        published = await this.runOnce();
      } catch (error) {
        this.logger.warn(`relay pass failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      // Woken during the pass: the event may have committed after this pass looked.
      this.schedule(
        this.woken ? this.config.EVENTS_RELAY_INTERVAL_MS : nextRelayDelay(delay, published, this.config),
      );
    }, delay);
    this.timer.unref();
  }

  /**
   * The outboxes this instance relays, found by table name: every one in the monolith (tests add
   * their own schemas), those of the hosted contexts in a split. The list is kept for a while.
   */
  private async findOutboxes(fresh = false): Promise<string[]> {
    if (!fresh && this.outboxes && Date.now() - this.outboxes.at < OUTBOX_LIST_TTL_MS)
      return this.outboxes.schemas;
    // A context on a database of its own (<CONTEXT>_DATABASE_URL) has its outbox there, not here.
    const found = [
      ...new Set([
        ...(await schemasWithTable(this.dataSource.manager, 'outbox_events')),
        ...this.sources.ownDatabaseContexts(),
      ]),
    ];
    const hosted: string[] = this.config.hostedContexts;
    this.outboxes = {
      schemas: this.config.isSplit ? found.filter((schema) => hosted.includes(schema)) : found,
      at: Date.now(),
    };
    return this.outboxes.schemas;
  }

  /**
   * The outboxes holding an event due now, in one statement, so an idle relay costs one cheap query
   * per pass, not a transaction per context. Each probe is an ordered index scan of the partial
   * index of pending events: unlike the bitmap scan an EXISTS gets, it marks the entries of
   * events published since the last vacuum as dead, so they are not visited again (a probe had
   * read 3,575 such heap rows, 10 ms, on every pass after a burst of bookings).
   */
  private async dueOutboxes(): Promise<string[]> {
    // One statement per connection: all outboxes at once while the contexts share one, one each
    // when every context reaches its schema through a connection of its own.
    const bySource = new Map<DataSource, string[]>();
    for (const schema of await this.findOutboxes()) {
      const source = this.sources.for(schema);
      bySource.set(source, [...(bySource.get(source) ?? []), schema]);
    }
    const due: string[] = [];
    try {
      for (const [source, schemas] of bySource) {
        const probes = schemas.map(
          (schema, i) =>
            `SELECT ${i} AS i WHERE (SELECT occurred_at FROM ${outboxTable(schema)} WHERE published_at IS NULL
               AND attempts < $1 AND (next_attempt_at IS NULL OR next_attempt_at <= now())
               ORDER BY occurred_at, id LIMIT 1) IS NOT NULL`,
        );
        const rows: { i: number }[] = await source.query(probes.join(' UNION ALL '), [MAX_ATTEMPTS]);
        due.push(...rows.map((r) => schemas[r.i]));
      }
    } catch (error) {
      this.outboxes = undefined; // an outbox went away: look again next pass
      throw error;
    }
    return due;
  }

  private async processAll(): Promise<number> {
    let published = 0;
    for (const schema of await this.dueOutboxes()) published += await this.processOutbox(schema);
    return published;
  }

  private async processOutbox(schema: string): Promise<number> {
    return this.sources.for(schema).transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        `outbox:${schema}`,
      ]);
      if (!locked) return 0;
      // This transaction waits, idle, while each event's subscribers run in transactions of their
      // own (some call a payment provider): the pool's idle-in-transaction limit (2 × the statement
      // timeout) must not end it under them, or the pass fails on a connection already gone.
      await manager.query(`SET LOCAL idle_in_transaction_session_timeout = '5min'`);
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, type, version, payload, occurred_at FROM ${outboxTable(schema)}
         WHERE published_at IS NULL AND attempts < $1 AND (next_attempt_at IS NULL OR next_attempt_at <= now())
         ORDER BY occurred_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [MAX_ATTEMPTS, BATCH],
      );
      let published = 0;
      for (const row of rows) {
        const event: IntegrationEvent = {
          id: row.id,
          type: row.type,
          version: row.version,
          payload: row.payload,
          occurredAt: row.occurred_at.toISOString(),
        };
        try {
          // With a broker, subscribers (here or elsewhere) consume the event from JetStream.
          if (this.broker.enabled) await this.broker.publish(schema, event);
          else await this.deliver(event);
          await manager.query(`UPDATE ${outboxTable(schema)} SET published_at = now() WHERE id = $1`, [
            row.id,
          ]);
          published++;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.warn(`event ${event.type} ${event.id} failed: ${message}`);
          if (error instanceof BrokerUnavailableError) {
            await manager.query(
              `UPDATE ${outboxTable(schema)} SET last_error = $2,
                 next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
              [row.id, message.slice(0, 2000), BROKER_RETRY_SECONDS],
            );
            break;
          }
          await manager.query(
            `UPDATE ${outboxTable(schema)} SET attempts = attempts + 1, last_error = $2,
               next_attempt_at = now() + make_interval(secs => least(300, power(2, attempts)))
             WHERE id = $1`,
            [row.id, message.slice(0, 2000)],
          );
          // Later events of this outbox wait, so subscribers see each outbox in order.
          break;
        }
      }
      return published;
    });
  }

  private async deliver(event: IntegrationEvent): Promise<void> {
    for (const subscription of this.bus.subscribersOf(event))
      await handleOnce(this.sources.for(subscription.inbox), subscription, event);
  }
}

/** The wait before the next pass: short while passes find work, doubling up to the idle interval. */
export function nextRelayDelay(
  delay: number,
  published: number,
  config: Pick<AppConfig, 'EVENTS_RELAY_INTERVAL_MS' | 'EVENTS_RELAY_IDLE_INTERVAL_MS'>,
): number {
  const base = config.EVENTS_RELAY_INTERVAL_MS;
  if (published > 0) return base;
  return Math.max(base, Math.min(delay * 2, config.EVENTS_RELAY_IDLE_INTERVAL_MS));
}
