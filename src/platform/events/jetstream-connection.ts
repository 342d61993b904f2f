import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { connect, DiscardPolicy, nanos, RetentionPolicy, StorageType } from 'nats';
import { AppConfig } from '../config/app-config';
import { JETSTREAM_MAX_AGE_DAYS } from './delivery-window';

export const CONNECT_TIMEOUT_MS = 2000;
// JetStream drops a second message with the same Nats-Msg-Id within this window.
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export interface JetStream {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** The broker could not be reached or could not take a request; callers retry later. */
export class BrokerUnavailableError extends Error {}

/**
 * The process's one connection to NATS, shared by the publisher and the consumers, opened lazily
 * (a failed attempt is forgotten, so the next call tries again); once open, the client reconnects
 * by itself for ever. The stream is created when missing, by whichever side connects first: a
 * consuming process may start before any publisher.
 */
@Injectable()
export class JetStreamConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(JetStreamConnection.name);
  private connecting?: Promise<JetStream>;
  private closed = false;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.NATS_URL);
  }

  get stream(): string {
    return this.config.NATS_STREAM;
  }

  get prefix(): string {
    return this.config.NATS_SUBJECT_PREFIX;
  }

  get(): Promise<JetStream> {
    if (this.closed) return Promise.reject(new BrokerUnavailableError('NATS connection closed'));
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = undefined;
      this.logger.warn(`NATS unavailable: ${messageOf(error)}`);
      throw new BrokerUnavailableError(`NATS unavailable: ${messageOf(error)}`);
    });
    return this.connecting;
  }

  /** Runs after every beforeApplicationShutdown hook, so the consumers have stopped by now. */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const pending = this.connecting;
    this.connecting = undefined;
    if (pending) await pending.then(({ nc }) => nc.drain()).catch(() => undefined);
  }

  private async open(): Promise<JetStream> {
    const servers = (this.config.NATS_URL as string).split(',').map((s) => s.trim());
    const nc = await connect({
      servers,
      name: 'onesociety-api',
      timeout: CONNECT_TIMEOUT_MS,
      reconnect: true,
      maxReconnectAttempts: -1,
    });
    try {
      const jsm = await nc.jetstreamManager();
      await this.ensureStream(jsm);
      this.logger.log(`connected to JetStream stream ${this.stream}`);
      return { nc, js: nc.jetstream(), jsm };
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw error;
    }
  }

  /** Creates the stream when missing (also after it was deleted under a running process). */
  async ensureStream(jsm: JetStreamManager): Promise<void> {
    const name = this.stream;
    try {
      await jsm.streams.info(name);
      return;
    } catch (error) {
      if (!/not found/i.test(messageOf(error))) throw error;
    }
    await jsm.streams
      .add({
        name,
        subjects: [`${this.prefix}.>`],
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

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
