import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, Gauge } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { isContextName } from '../config/contexts';
import { ContextDataSources } from '../database/context-data-sources';
import { Metrics } from '../metrics/metrics';
import { EventBus } from './event-bus';
import { HandlerSlots } from './handler-slots';
import type { IntegrationEvent } from './integration-event';
import { JetStreamConnection, messageOf } from './jetstream-connection';
import type { JetStreamSubscription } from './jetstream-consumer';
import { JetStreamInboxConsumer } from './jetstream-consumer';

const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 15_000;

interface Running {
  consumer?: JetStreamInboxConsumer;
  /** The durable exists with our settings: its backlog means something. */
  ready: boolean;
  loop: Promise<void>;
}

/**
 * With NATS_URL, every EventBus subscription of this process is served from JetStream: one durable
 * consumer per subscribing inbox (context), named after it, filtered on every event of the stream,
 * shared by every instance of the process (work sharing: JetStream hands each message to one of
 * them). Why not one per event type: a context's handlers rely on the order of the events of one
 * publisher across types (RentalRequested before RentalAccepted, trust's per-user sequence), and
 * NATS 2.9 (the server here) allows one filter subject per consumer; the events of types nobody
 * here handles are acknowledged without touching the database. Consumers start at bootstrap, a new
 * inbox subscribed later gets its own, each restarts with back-off after an error (NATS away: the
 * client reconnects, the loop resumes), and they stop before the connection and the database close.
 */
@Injectable()
export class JetStreamSubscribers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JetStreamSubscribers.name);
  private readonly running = new Map<string, Running>();
  private started = false;
  private stopped = false;
  /** Cuts short the restart waits at shutdown. */
  private readonly stopping = new AbortController();
  private readonly givenUp: Counter<'inbox' | 'type'>;
  /** Half the pool for handlers, the rest for requests (the in-process relay used one or two). */
  private readonly slots: HandlerSlots;

  constructor(
    private readonly connection: JetStreamConnection,
    private readonly bus: EventBus,
    private readonly sources: ContextDataSources,
    private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.slots = new HandlerSlots(Math.max(1, Math.floor(config.DATABASE_POOL_SIZE / 2)));
    this.givenUp = new Counter({
      name: 'events_given_up_total',
      help: 'Integration events a subscribing inbox gave up on after the maximum deliveries (left for an operator)',
      labelNames: ['inbox', 'type'] as const,
      registers: [metrics.registry],
    });
    const running = this.running;
    new Gauge({
      name: 'events_consumer_backlog',
      help: 'Integration events waiting for (or being handled by) each subscribing inbox of this process (JetStream)',
      labelNames: ['inbox'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const [inbox, r] of running) {
          // NATS away: leave the last value rather than fail the whole scrape.
          const backlog = r.ready ? await r.consumer?.backlog().catch(() => undefined) : undefined;
          if (backlog !== undefined) this.set({ inbox }, backlog);
        }
      },
    });
  }

  get enabled(): boolean {
    return this.connection.enabled;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.started = true;
    for (const inbox of this.bus.inboxes()) this.start(inbox);
    this.bus.onSubscribe((inbox) => this.start(inbox));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    await Promise.all(
      [...this.running.values()].map(async (r) => {
        await r.consumer?.stop();
        await r.loop;
      }),
    );
  }

  /** Durable name of an inbox's consumer: a valid NATS name, the same in every instance and release. */
  static durableOf(inbox: string): string {
    return `inbox-${inbox.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }

  /**
   * A context's inbox is consumed by the processes hosting that context, sharing one durable. The
   * platform's own inboxes (mail) exist in every process of a split, each handling what its own
   * contexts asked for: one durable per set of hosted contexts, so no process takes another's work.
   */
  private durableFor(inbox: string): string {
    return JetStreamSubscribers.durableOf(isContextName(inbox) ? inbox : this.config.perProcess(inbox));
  }

  /**
   * True when every consumer of this process exists and has nothing waiting or out: each event
   * published so far was handled (committed) and acknowledged. For tests (EventRelay.drain).
   */
  async idle(): Promise<boolean> {
    for (const running of this.running.values()) {
      if (!running.ready || !running.consumer) return false;
      if ((await running.consumer.backlog()) > 0) return false;
    }
    return true;
  }

  private start(inbox: string): void {
    if (!this.started || this.stopped || this.running.has(inbox)) return;
    const running: Running = { ready: false, loop: Promise.resolve() };
    this.running.set(inbox, running);
    running.loop = this.supervise(inbox, running);
  }

  private async supervise(inbox: string, running: Running): Promise<void> {
    let wait = RESTART_MIN_MS;
    while (!this.stopped) {
      try {
        const jet = await this.connection.get();
        running.consumer ??= new JetStreamInboxConsumer(jet, this.subscriptionOf(inbox));
        if (!running.ready) {
          await this.connection.ensureStream(jet.jsm);
          await running.consumer.ensure();
          running.ready = true;
        }
        if (this.stopped) return;
        wait = RESTART_MIN_MS;
        await running.consumer.consume();
      } catch (error) {
        if (this.stopped) return;
        // The stream or the durable may have gone with the server: make sure of them again.
        running.ready = false;
        this.logger.warn(
          `${inbox}: JetStream consumer stopped (${messageOf(error)}); restarting in ${wait} ms`,
        );
      }
      if (this.stopped) return;
      await sleep(wait, undefined, { signal: this.stopping.signal, ref: false }).catch(() => undefined);
      wait = Math.min(RESTART_MAX_MS, wait * 2);
    }
  }

  private subscriptionOf(inbox: string): JetStreamSubscription {
    return {
      stream: this.connection.stream,
      durable: this.durableFor(inbox),
      subject: `${this.connection.prefix}.>`,
      inbox,
      dataSource: this.sources.for(inbox),
      subscribersOf: (event: IntegrationEvent) =>
        this.bus.subscribersOf(event).filter((s) => s.inbox === inbox),
      slot: (work) => this.slots.run(work),
      onGiveUp: (event) => this.givenUp.inc({ inbox, type: event.type }),
    };
  }
}
