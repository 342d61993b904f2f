import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { JetStreamClient, NatsConnection } from 'nats';
import { connect, DiscardPolicy, headers, nanos, RetentionPolicy, StorageType } from 'nats';
import { AppConfig } from '../config/app-config';
import { JETSTREAM_MAX_AGE_DAYS } from './delivery-window';
import type { IntegrationEvent } from './integration-event';

const PUBLISH_TIMEOUT_MS = 2000;
// JetStream drops a second message with the same Nats-Msg-Id within this window.
const DUPLICATE_WINDOW_MS = 10 * 60_000;
const TOKEN = /[^A-Za-z0-9_-]/g;

/** `onesociety.rental.RentalAccepted.v1`: prefix, publishing context, event name, version. */
export function subjectOf(
  prefix: string,
  context: string,
  event: Pick<IntegrationEvent, 'type' | 'version'>,
) {
  const name = event.type.slice(event.type.lastIndexOf('.') + 1).replace(TOKEN, '_');
  return `${prefix}.${context.replace(TOKEN, '_')}.${name}.v${event.version}`;
}

/** The broker could not take the event; the relay retries it later without counting an attempt. */
export class BrokerUnavailableError extends Error {}

/**
 * Publishes integration events to NATS JetStream when NATS_URL is set, so a context running in
 * another service can subscribe. The message id is the event id: JetStream drops a republished
 * event within its duplicate window, and consumers dedupe on the id (the `Nats-Msg-Id` header)
 * beyond it. The connection is opened lazily and reconnects by itself; the stream is created when
 * missing. Unset NATS_URL, this does nothing.
 */
@Injectable()
export class JetStreamPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JetStreamPublisher.name);
  private connecting?: Promise<{ nc: NatsConnection; js: JetStreamClient }>;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.NATS_URL);
  }

  onApplicationBootstrap(): void {
    // Connect early so a misconfiguration shows in the logs at start, not at the first event.
    if (this.enabled) this.connection().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    const pending = this.connecting;
    this.connecting = undefined;
    if (pending) await pending.then(({ nc }) => nc.drain()).catch(() => undefined);
  }

  async publish(context: string, event: IntegrationEvent): Promise<void> {
    if (!this.enabled) return;
    const { js } = await this.connection();
    const h = headers();
    h.set('Event-Type', event.type);
    h.set('Event-Version', String(event.version));
    h.set('Event-Occurred-At', event.occurredAt);
    try {
      await js.publish(
        subjectOf(this.config.NATS_SUBJECT_PREFIX, context, event),
        new TextEncoder().encode(JSON.stringify(event)),
        { msgID: event.id, headers: h, timeout: PUBLISH_TIMEOUT_MS },
      );
    } catch (error) {
      throw new BrokerUnavailableError(`JetStream publish failed: ${messageOf(error)}`);
    }
  }

  private connection(): Promise<{ nc: NatsConnection; js: JetStreamClient }> {
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = undefined;
      this.logger.warn(`NATS unavailable: ${messageOf(error)}`);
      throw new BrokerUnavailableError(`NATS unavailable: ${messageOf(error)}`);
    });
    return this.connecting;
  }

  private async open(): Promise<{ nc: NatsConnection; js: JetStreamClient }> {
    const servers = (this.config.NATS_URL as string).split(',').map((s) => s.trim());
    const nc = await connect({
      servers,
      name: 'onesociety-api',
      timeout: PUBLISH_TIMEOUT_MS,
      reconnect: true,
      maxReconnectAttempts: -1,
    });
    try {
      await this.ensureStream(nc);
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw error;
    }
    this.logger.log(`publishing events to JetStream stream ${this.config.NATS_STREAM}`);
    return { nc, js: nc.jetstream() };
  }

  private async ensureStream(nc: NatsConnection): Promise<void> {
    const jsm = await nc.jetstreamManager();
    const name = this.config.NATS_STREAM;
    try {
      await jsm.streams.info(name);
      return;
    } catch (error) {
      if (!/not found/i.test(messageOf(error))) throw error;
    }
    await jsm.streams
      .add({
        name,
        subjects: [`${this.config.NATS_SUBJECT_PREFIX}.>`],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        max_age: nanos(JETSTREAM_MAX_AGE_DAYS * 86_400_000),
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      })
      .catch(async (error: unknown) => {
        // Another instance may have created it meanwhile.
        await jsm.streams.info(name).catch(() => Promise.reject(error));
      });
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
