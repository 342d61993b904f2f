import { randomBytes } from 'node:crypto';
import type { JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import { CONTEXT_NAMES } from '../../src/platform/config/contexts';
import { EventRelay } from '../../src/platform/events/event-relay';
import { defineEvent } from '../../src/platform/events/integration-event';
import { EVENT_RETENTION_JOB } from '../../src/platform/events/event-retention.job';
import { Outbox } from '../../src/platform/events/outbox';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import type { TestDatabase } from '../support/test-database';
import { createTestDatabase } from '../support/test-database';
import type { Instance } from './scale-support';
import { reachableSync, startInstance } from './scale-support';

const natsUp = reachableSync('127.0.0.1', 4222);
if (!natsUp)
  console.warn('NATS does not answer at 127.0.0.1:4222: the JetStream tests are skipped (CI runs them)');

const Marker = defineEvent<{ outbox: string }>('jstest.Marker');

(natsUp ? describe : describe.skip)(
  'scale: in a split, a process relays and prunes the outboxes of the contexts it hosts',
  () => {
    const id = randomBytes(5).toString('hex');
    const nats = {
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_STREAM: `ONESOCIETY_SPLIT_${id}`,
      NATS_SUBJECT_PREFIX: `ossplit${id}`,
    };
    const rentalOnly = {
      ...nats,
      CONTEXTS: 'rental',
      CONTEXT_URLS: CONTEXT_NAMES.filter((name) => name !== 'rental')
        .map((name) => `${name}=http://127.0.0.1:9`)
        .join(','),
      INTERNAL_API_SECRET: 'a-secret-the-processes-of-the-split-share',
    };
    let database: TestDatabase;
    let monolith: Instance;
    let split: Instance;
    let nc: NatsConnection;
    let jsm: JetStreamManager;

    beforeAll(async () => {
      database = await createTestDatabase();
      monolith = await startInstance(database.url, nats);
      split = await startInstance(database.url, rentalOnly);
      nc = await connect({ servers: nats.NATS_URL });
      jsm = await nc.jetstreamManager();
    });
    afterAll(async () => {
      await Promise.all([monolith?.close(), split?.close()]);
      await jsm?.streams.delete(nats.NATS_STREAM).catch(() => undefined);
      await nc?.close();
      await database?.drop();
    });

    const published = async (schema: string): Promise<boolean[]> =>
      (
        await monolith.db.query(
          `SELECT published_at IS NOT NULL AS published FROM ${schema}.outbox_events WHERE type = $1`,
          [Marker.type],
        )
      ).map((r: { published: boolean }) => r.published);

    it('publishes rental’s events and leaves catalog’s to the process hosting catalog', async () => {
      for (const schema of ['rental', 'catalog'])
        await monolith.db.transaction((m) =>
          monolith.app.get(Outbox).publish(m, schema, Marker.create({ outbox: schema })),
        );
      expect(await split.app.get(EventRelay).pendingCount()).toBe(1);
      await split.app.get(EventRelay).runOnce();
      expect(await published('rental')).toEqual([true]);
      expect(await published('catalog')).toEqual([false]);
      expect(await split.app.get(EventRelay).pendingCount()).toBe(0);
      const stored = await jsm.streams.getMessage(nats.NATS_STREAM, {
        last_by_subj: `${nats.NATS_SUBJECT_PREFIX}.rental.Marker.v1`,
      });
      expect(stored.json<{ payload: unknown }>().payload).toEqual({ outbox: 'rental' });

      // The monolith still finds every outbox.
      await monolith.app.get(EventRelay).drain();
      expect(await published('catalog')).toEqual([true]);
    });

    it('prunes the delivered events of the contexts it hosts, under a job name of its own', async () => {
      for (const schema of ['rental', 'catalog'])
        await monolith.db.query(
          `INSERT INTO ${schema}.outbox_events (id, type, version, payload, occurred_at, published_at)
           VALUES (gen_random_uuid(), 'jstest.Old', 1, '{}', now() - interval '30 days', now() - interval '29 days')`,
        );
      const old = async (schema: string): Promise<number> =>
        (
          await monolith.db.query(
            `SELECT count(*)::int AS n FROM ${schema}.outbox_events WHERE type = 'jstest.Old'`,
          )
        )[0].n;
      const jobs = split.app.get(JobScheduler);
      await expect(jobs.runNow(EVENT_RETENTION_JOB)).rejects.toThrow('Unknown job');
      expect(await jobs.runNow(`${EVENT_RETENTION_JOB}:rental`)).toBe(true);
      expect({ rental: await old('rental'), catalog: await old('catalog') }).toEqual({
        rental: 0,
        catalog: 1,
      });
      expect(await monolith.app.get(JobScheduler).runNow(EVENT_RETENTION_JOB)).toBe(true);
      expect(await old('catalog')).toBe(0);
    });
  },
);
