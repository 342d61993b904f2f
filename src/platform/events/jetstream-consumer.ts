import type { JsMsg, NatsConnection } from 'nats';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import type { DataSource } from 'typeorm';
import type { EventHandler } from './event-bus';
import type { IntegrationEvent } from './integration-event';
import { inboxTable } from './event-tables';

export interface JetStreamSubscription {
  stream: string;
  /** Durable consumer name: one per subscribing service and handler; instances share it. */
  durable: string;
  /** `onesociety.rental.RentalAccepted.v1`, or a wildcard such as `onesociety.rental.>`. */
  subject: string;
  /** Recorded in the inbox with each event id, as in-process subscriptions are. */
  name: string;
  /** The subscribing service's schema, whose inbox_events records what it has handled. */
  inbox: string;
  handle: EventHandler<unknown>;
}

const RETRY_DELAY_MS = 1000;

/**
 * The other end of the JetStream publisher, for a context running as its own service: pulls the
 * events of a durable consumer and handles each exactly once in effect, with the same inbox as
 * in-process delivery (inbox row and the handler's writes in one transaction). JetStream delivers
 * at least once (a lost ack, a republished event after the duplicate window); the inbox turns
 * every repeat into a no-op, then the message is acknowledged. A failing handler rolls back and the
 * message is redelivered later.
 */
export class JetStreamInboxConsumer {
  private stopped = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly dataSource: DataSource,
    private readonly subscription: JetStreamSubscription,
  ) {}

  /** Creates the durable consumer when missing (several instances may race: either wins). */
  async ensure(): Promise<void> {
    const { stream, durable, subject } = this.subscription;
    const jsm = await this.nc.jetstreamManager();
    await jsm.consumers
      .add(stream, {
        durable_name: durable,
        filter_subject: subject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(30_000),
      })
      .catch(async (error: unknown) => {
        await jsm.consumers.info(stream, durable).catch(() => Promise.reject(error));
      });
  }

  /** Handles what is waiting (up to `max` messages, waiting at most `expiresMs`, ≥ 1 s); returns how many. */
  async pull(max = 100, expiresMs = 1000): Promise<number> {
    const consumer = await this.nc
      .jetstream()
      .consumers.get(this.subscription.stream, this.subscription.durable);
    const messages = await consumer.fetch({ max_messages: max, expires: Math.max(1000, expiresMs) });
    let handled = 0;
    for await (const message of messages) {
      await this.process(message);
      handled++;
    }
    return handled;
  }

  /** Pulls until stop() (a service's main loop). */
  async run(): Promise<void> {
    await this.ensure();
    while (!this.stopped) await this.pull(100, 5000);
  }

  stop(): void {
    this.stopped = true;
  }

  private async process(message: JsMsg): Promise<void> {
    const { name, inbox, handle } = this.subscription;
    let event: IntegrationEvent;
    try {
      event = JSON.parse(new TextDecoder().decode(message.data)) as IntegrationEvent;
    } catch {
      message.term(); // not an event: redelivering it cannot help
      return;
    }
    try {
      await this.dataSource.transaction(async (manager) => {
        const claimed = await manager.query(
          `INSERT INTO ${inboxTable(inbox)} (event_id, handler) VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [event.id, name],
        );
        if (claimed.length > 0) await handle(event, manager);
      });
      message.ack();
    } catch {
      message.nak(RETRY_DELAY_MS);
    }
  }
}
