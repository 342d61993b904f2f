import { Logger } from '@nestjs/common';
import type { ConsumerConfig, ConsumerMessages, JsMsg } from 'nats';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import type { DataSource } from 'typeorm';
import type { Subscription } from './event-bus';
import { handleOnce } from './inbox';
import type { IntegrationEvent } from './integration-event';
import type { JetStream } from './jetstream-connection';
import { messageOf } from './jetstream-connection';

/** Deliveries of one event to a durable before it is left for an operator (as the relay's MAX_ATTEMPTS). */
export const MAX_DELIVERIES = 10;
const ACK_WAIT_MS = 30_000;
/** A handler still running is reported alive this often, so JetStream does not hand its event out again. */
const WORKING_EVERY_MS = 10_000;

export interface JetStreamSubscription {
  stream: string;
  /** Durable consumer name: one per subscribing inbox; every instance of the process shares it. */
  durable: string;
  /** `onesociety.>` (every event, in the stream's order), or a narrower subject. */
  subject: string;
  /** The subscribing context's schema, whose inbox_events records what it has handled. */
  inbox: string;
  /** The connection the inbox's schema is reached through. */
  dataSource: DataSource;
  /** This inbox's subscriptions to the event's type and version, looked up when it arrives. */
  subscribersOf(event: IntegrationEvent): Subscription[];
  /** Back-off before the n-th redelivery of a failed event (n ≥ 1). */
  retryDelayMs?(deliveries: number): number;
  /** Runs each handler transaction (a process bounds how many run at once); directly by default. */
  slot?<T>(work: () => Promise<T>): Promise<T>;
  /** Told of an event given up on after MAX_DELIVERIES (besides the log line). */
  onGiveUp?(event: IntegrationEvent, error: unknown): void;
}

/** 1 s, 2 s, 4 s... up to 5 min: the relay's back-off, applied to a nak. */
export const defaultRetryDelayMs = (deliveries: number) => Math.min(300_000, 1000 * 2 ** (deliveries - 1));

/**
 * One durable JetStream consumer for one subscribing inbox: each event is handed to the inbox's
 * subscribers of its type, each in a transaction with its inbox row (handleOnce), and acknowledged
 * only after they all committed. JetStream delivers at least once (a lost ack, an instance dying
 * mid-handler, an event republished after the duplicate window): the inbox makes each repeat a
 * no-op. A failure naks with back-off; the MAX_DELIVERIES-th failure terminates the message with a
 * log line: later events go on, and the event stays in the stream (and the publisher's outbox) for
 * an operator to re-drive.
 *
 * Order: `max_ack_pending: 1` lets a single message of the durable be out at a time, across every
 * instance sharing it, so a subscriber sees events in the stream's order, which holds each
 * publisher's outbox order (the relay publishes one outbox in order). A nak'd event holds the
 * durable until it succeeds or is given up on, as a failing subscriber holds an outbox in-process.
 */
export class JetStreamInboxConsumer {
  private readonly logger = new Logger(JetStreamInboxConsumer.name);
  private stopped = false;
  private messages?: ConsumerMessages;
  private current?: Promise<void>;

  constructor(
    private readonly jet: JetStream,
    private readonly subscription: JetStreamSubscription,
  ) {}

  static config(durable: string, subject: string): Partial<ConsumerConfig> {
    return {
      durable_name: durable,
      filter_subject: subject,
      ack_policy: AckPolicy.Explicit,
      // A durable created after events were published (its process started late) misses none;
      // what the inbox already handled (in the monolith, before the split) is a no-op.
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: 1,
      max_deliver: MAX_DELIVERIES,
    };
  }

  /** Creates the durable consumer when missing, or brings its settings up to date. */
  async ensure(): Promise<void> {
    const { stream, durable, subject } = this.subscription;
    const wanted = JetStreamInboxConsumer.config(durable, subject);
    const existing = await this.jet.jsm.consumers.info(stream, durable).catch((error: unknown) => {
      if (/not found/i.test(messageOf(error))) return null;
      throw error;
    });
    if (!existing) {
      // Several instances may race to create it: either wins, the other finds it.
      await this.jet.jsm.consumers.add(stream, wanted).catch(async (error: unknown) => {
        await this.jet.jsm.consumers.info(stream, durable).catch(() => Promise.reject(error));
      });
      return;
    }
    const c = existing.config;
    if (c.filter_subject !== subject || c.max_ack_pending !== 1 || c.max_deliver !== MAX_DELIVERIES) {
      const { durable_name: _name, deliver_policy: _policy, ...editable } = wanted;
      await this.jet.jsm.consumers.update(stream, durable, editable);
    }
  }

  /** Messages waiting for the durable plus the one out (being handled, or waiting for its redelivery). */
  async backlog(): Promise<number> {
    const info = await this.jet.jsm.consumers.info(this.subscription.stream, this.subscription.durable);
    return info.num_pending + info.num_ack_pending;
  }

  /** Handles what is waiting (up to `max` messages, waiting at most `expiresMs`, ≥ 1 s); returns how many. */
  async pull(max = 100, expiresMs = 1000): Promise<number> {
    const consumer = await this.jet.js.consumers.get(this.subscription.stream, this.subscription.durable);
    const messages = await consumer.fetch({ max_messages: max, expires: Math.max(1000, expiresMs) });
    let handled = 0;
    for await (const message of messages) {
      await this.process(message);
      handled++;
    }
    return handled;
  }

  /** Handles messages as they come until stop(); the caller restarts it after an error. */
  async consume(): Promise<void> {
    const consumer = await this.jet.js.consumers.get(this.subscription.stream, this.subscription.durable);
    if (this.stopped) return;
    this.messages = await consumer.consume({ max_messages: 10, expires: 10_000 });
    if (this.stopped) this.messages.stop();
    for await (const message of this.messages) {
      this.current = this.process(message);
      await this.current;
      if (this.stopped) break;
    }
  }

  /** Stops taking messages; resolves once the one being handled is committed and acknowledged. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.current?.catch(() => undefined);
  }

  private async process(message: JsMsg): Promise<void> {
    const { inbox, dataSource } = this.subscription;
    let event: IntegrationEvent;
    try {
      event = JSON.parse(new TextDecoder().decode(message.data)) as IntegrationEvent;
    } catch {
      this.logger.error(`${inbox}: message ${message.seq} on ${message.subject} is not an event, dropped`);
      message.term(); // redelivering it cannot help
      return;
    }
    const working = setInterval(() => message.working(), WORKING_EVERY_MS);
    try {
      const slot = this.subscription.slot ?? (<T>(work: () => Promise<T>) => work());
      for (const subscriber of this.subscription.subscribersOf(event))
        await slot(() => handleOnce(dataSource, subscriber, event));
      message.ack();
    } catch (error) {
      const deliveries = message.info.redeliveryCount;
      if (deliveries >= MAX_DELIVERIES) {
        this.logger.error(
          `${inbox}: event ${event.type} v${event.version} ${event.id} given up after ${deliveries} deliveries ` +
            `(stream sequence ${message.seq}): ${messageOf(error)}`,
        );
        this.subscription.onGiveUp?.(event, error);
        message.term();
        return;
      }
      this.logger.warn(
        `${inbox}: event ${event.type} ${event.id} failed (delivery ${deliveries}): ${messageOf(error)}`,
      );
      message.nak((this.subscription.retryDelayMs ?? defaultRetryDelayMs)(deliveries));
    } finally {
      clearInterval(working);
    }
  }
}
