import { EventBus } from '../../src/platform/events/event-bus';
import { EventRelay } from '../../src/platform/events/event-relay';
import { defineEvent } from '../../src/platform/events/integration-event';
import { Outbox } from '../../src/platform/events/outbox';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import type { TestDatabase } from '../support/test-database';
import { createEventSchemas } from '../support/event-schemas';
import { createTestDatabase } from '../support/test-database';
import type { Instance } from './scale-support';
import { eventually, gate } from '../support/waiting';
import { startInstance } from './scale-support';

describe('scale: scheduled jobs with two instances on one database', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    database = await createTestDatabase();
    [a, b] = await Promise.all([
      startInstance(database.url, { JOBS_ENABLED: 'true' }),
      startInstance(database.url, { JOBS_ENABLED: 'true' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('a tick that fires on both instances at once runs the job on exactly one of them', async () => {
    const runs: string[] = [];
    const held = gate();
    const started = gate();
    for (const [name, instance] of [
      ['a', a],
      ['b', b],
    ] as const)
      instance.app.get(JobScheduler).register({
        name: 'scale.same-tick',
        context: 'platform',
        intervalMs: 3_600_000,
        run: async () => {
          runs.push(name);
          started.open();
          await held.opened;
        },
      });
    const onA = a.app.get(JobScheduler).runNow('scale.same-tick');
    await started.opened;
    // B's tick comes while A is in the job: B skips it.
    expect(await b.app.get(JobScheduler).runNow('scale.same-tick')).toBe(false);
    held.open();
    expect(await onA).toBe(true);
    expect(runs).toEqual(['a']);
  });

  it('runs a job once per interval, however far apart the two instances tick', async () => {
    const runs: string[] = [];
    let failNext = false;
    for (const [name, instance] of [
      ['a', a],
      ['b', b],
    ] as const)
      instance.app.get(JobScheduler).register({
        name: 'scale.once-per-interval',
        // A context's job: it runs on rental's connection, its claim on the platform's.
        context: 'rental',
        intervalMs: 3_600_000,
        run: async () => {
          if (failNext) throw new Error('job failed');
          runs.push(name);
        },
      });
    const tick = (instance: Instance) => instance.app.get(JobScheduler).runIfDue('scale.once-per-interval');
    expect(await tick(a)).toBe(true);
    // B's timer fires later in the same hour: the lock is free, but the hour is taken.
    expect(await tick(b)).toBe(false);
    expect(runs).toEqual(['a']);
    // An hour on (minus the 10 % slack), B's tick comes first and runs it.
    await a.db.query(
      `UPDATE platform.job_runs SET last_run_at = last_run_at - interval '55 minutes' WHERE name = $1`,
      ['scale.once-per-interval'],
    );
    expect(await tick(b)).toBe(true);
    expect(await tick(a)).toBe(false);
    // A failed run claims nothing: the next tick, on either instance, runs the job again.
    await a.db.query(
      `UPDATE platform.job_runs SET last_run_at = last_run_at - interval '1 hour' WHERE name = $1`,
      ['scale.once-per-interval'],
    );
    failNext = true;
    await expect(tick(a)).rejects.toThrow('job failed');
    failNext = false;
    expect(await tick(b)).toBe(true);
    expect(runs).toEqual(['a', 'b', 'b']);
    // An operator's runNow ignores the interval.
    expect(await a.app.get(JobScheduler).runNow('scale.once-per-interval')).toBe(true);
    expect(runs).toEqual(['a', 'b', 'b', 'a']);
  });

  it('never runs a job on both instances at the same time, whatever their timers do', async () => {
    let active = 0;
    let maxActive = 0;
    const runsBy = { a: 0, b: 0 };
    for (const [name, instance] of [
      ['a', a],
      ['b', b],
    ] as const)
      instance.app.get(JobScheduler).register({
        name: 'scale.exclusive',
        context: 'review',
        intervalMs: 15,
        run: async (manager) => {
          active++;
          maxActive = Math.max(maxActive, active);
          runsBy[name]++;
          // Work that outlasts the interval, so both instances' timers fire while it runs.
          await manager.query('SELECT pg_sleep(0.04)');
          active--;
        },
      });
    await eventually(() => runsBy.a + runsBy.b >= 30);
    expect(maxActive).toBe(1);
  });
});

const Counted = defineEvent<{ n: number }>('scaletest.Counted');

describe('scale: two outbox relays racing over one database', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  const handled: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    [a, b] = await Promise.all([
      startInstance(database.url, { EVENTS_RELAY_INTERVAL_MS: '0' }),
      startInstance(database.url, { EVENTS_RELAY_INTERVAL_MS: '0' }),
    ]);
    await createEventSchemas(a.db, 'race_pub', 'race_sub');
    await a.db.query('CREATE TABLE race_sub.effects (event_id uuid NOT NULL, n integer NOT NULL)');
    // The same subscriber in both instances, as the same code deployed twice would register it.
    for (const instance of [a, b])
      instance.app.get(EventBus).subscribe(Counted, {
        name: 'race_sub.count',
        inbox: 'race_sub',
        handle: async (event, manager) => {
          handled.push(event.payload.n);
          await manager.query('INSERT INTO race_sub.effects (event_id, n) VALUES ($1, $2)', [
            event.id,
            event.payload.n,
          ]);
        },
      });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  // While one instance works through an outbox the other finds it locked and waits a round (20 ms):
  // enough rounds for the slower of them to get through 300 events on a busy machine.
  const drainBoth = () => Promise.all([a.app.get(EventRelay).drain(1500), b.app.get(EventRelay).drain(1500)]);

  it('delivers each of 300 events exactly once, in publication order', async () => {
    const base = Date.now();
    const events = Array.from({ length: 300 }, (_, n) => Counted.create({ n }, new Date(base + n)));
    for (let i = 0; i < events.length; i += 50)
      await a.db.transaction((m) => a.app.get(Outbox).publish(m, 'race_pub', ...events.slice(i, i + 50)));
    await drainBoth();
    expect(handled).toEqual(events.map((_, n) => n));
    const [effects] = await a.db.query(
      'SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_events FROM race_sub.effects',
    );
    expect(effects).toEqual({ n: 300, distinct_events: 300 });
    const [{ pending }] = await a.db.query(
      'SELECT count(*)::int AS pending FROM race_pub.outbox_events WHERE published_at IS NULL',
    );
    expect(pending).toBe(0);
  });

  it('turns a full redelivery (a relay that died before marking events published) into no-ops', async () => {
    handled.length = 0;
    await a.db.query('UPDATE race_pub.outbox_events SET published_at = NULL');
    await drainBoth();
    expect(handled).toEqual([]);
    const [{ n }] = await a.db.query('SELECT count(*)::int AS n FROM race_sub.effects');
    expect(n).toBe(300);
  });
});
