import { randomBytes } from 'node:crypto';
import type { AddressInfo, Server, Socket } from 'node:net';
import { connect as tcpConnect, createServer } from 'node:net';
import type { JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import { EventBus } from '../../src/platform/events/event-bus';
import { EventRelay } from '../../src/platform/events/event-relay';
import { defineEvent } from '../../src/platform/events/integration-event';
import { Outbox } from '../../src/platform/events/outbox';
import { createEventSchemas } from '../support/event-schemas';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { reachableSync } from './scale-support';

const natsUp = reachableSync('127.0.0.1', 4222);
if (!natsUp)
  console.warn('NATS does not answer at 127.0.0.1:4222: the JetStream tests are skipped (CI runs them)');

const LampLit = defineEvent<{ n: number }>('jstest.LampLit');

/** A TCP relay in front of NATS that the test can cut and restore: the broker going away and back. */
class Cable {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async plug(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = tcpConnect(4222, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

(natsUp ? describe : describe.skip)('scale: JetStream consumers when NATS goes away and comes back', () => {
  const id = randomBytes(5).toString('hex');
  const stream = `ONESOCIETY_RECONNECT_${id}`;
  const cable = new Cable();
  let t: TestApp;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const handled: number[] = [];

  beforeAll(async () => {
    await cable.plug();
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      NATS_URL: `nats://127.0.0.1:${cable.port}`,
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: `osrec${id}`,
    });
    await createEventSchemas(t.db, 'evt_jsr_pub', 'evt_jsr_sub');
    t.app.get(EventBus).subscribe(LampLit, {
      name: 'evt_jsr_sub.record-lamp',
      inbox: 'evt_jsr_sub',
      handle: async (event, manager) => {
        handled.push(event.payload.n);
        await manager.query('SELECT 1');
      },
    });
    nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    jsm = await nc.jetstreamManager();
  });
  afterAll(async () => {
    await t?.close();
    await cable.cut().catch(() => undefined);
    await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  const publish = (n: number) =>
    t.db.transaction((m) => t.app.get(Outbox).publish(m, 'evt_jsr_pub', LampLit.create({ n })));

  it('holds events while the broker is away and hands each over once when it is back', async () => {
    await publish(1);
    await t.app.get(EventRelay).drain();
    expect(handled).toEqual([1]);

    await cable.cut();
    await publish(2);
    await t.app.get(EventRelay).runOnce();
    const [held] = await t.db.query(
      `SELECT published_at, attempts, last_error FROM evt_jsr_pub.outbox_events WHERE payload->>'n' = '2'`,
    );
    expect(held).toMatchObject({ published_at: null, attempts: 0 });
    expect(held.last_error).toMatch(/JetStream publish failed|NATS unavailable/);

    await cable.plug();
    // The relay's broker back-off, skipped: the test is about the consumers resuming.
    await t.db.query(
      'UPDATE evt_jsr_pub.outbox_events SET next_attempt_at = now() WHERE published_at IS NULL',
    );
    await t.app.get(EventRelay).drain();
    expect(handled).toEqual([1, 2]);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM evt_jsr_sub.inbox_events');
    expect(n).toBe(2);
  });
});
