import { defineEvent } from '../../src/platform/events/integration-event';
import { EventBus } from '../../src/platform/events/event-bus';
import { EventRelay } from '../../src/platform/events/event-relay';
import { Outbox } from '../../src/platform/events/outbox';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createEventSchemas } from '../support/event-schemas';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/waiting';

const ThingHappened = defineEvent<{ n: number }>('test.ThingHappened');

describe('platform: outbox relay and inbox', () => {
  let t: TestApp;
  let relay: EventRelay;
  const seen: number[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0' });
    await createEventSchemas(t.db, 'evt_pub', 'evt_sub');
    relay = t.app.get(EventRelay);
    t.app.get(EventBus).subscribe(ThingHappened, {
      name: 'evt_sub.record-thing',
      inbox: 'evt_sub',
      handle: async (event, manager) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('subscriber is down');
        }
        seen.push(event.payload.n);
        await manager.query('SELECT 1');
      },
    });
  });
  afterAll(() => t.close());

  const publish = (n: number, commit = true) =>
    t.db
      .transaction(async (manager) => {
        await t.app.get(Outbox).publish(manager, 'evt_pub', ThingHappened.create({ n }));
        if (!commit) throw new Error('rolled back');
      })
      .catch(() => undefined);

  it('delivers committed events once, in order, and drops rolled-back ones', async () => {
    seen.length = 0;
    await publish(1);
    await publish(2, false);
    await publish(3);
    await relay.drain();
    expect(seen).toEqual([1, 3]);
    const rows = await t.db.query('SELECT published_at FROM evt_pub.outbox_events');
    expect(rows.every((r: { published_at: Date | null }) => r.published_at !== null)).toBe(true);
  });

  it('ignores a redelivered event (inbox dedupe)', async () => {
    seen.length = 0;
    await publish(4);
    await relay.drain();
    await t.db.query('UPDATE evt_pub.outbox_events SET published_at = NULL');
    await relay.drain();
    expect(seen).toEqual([4]);
    const inbox = await t.db.query(
      `SELECT count(*)::int AS n FROM evt_sub.inbox_events i JOIN evt_pub.outbox_events o ON o.id = i.event_id
       WHERE o.payload->>'n' = '4'`,
    );
    expect(inbox[0].n).toBe(1);
  });

  it('retries a failing subscriber with back-off and records the error', async () => {
    seen.length = 0;
    failuresLeft = 1;
    await publish(5);
    await relay.runOnce();
    const [pending] = await t.db.query(
      `SELECT attempts, last_error, next_attempt_at > now() AS later FROM evt_pub.outbox_events WHERE published_at IS NULL`,
    );
    expect(pending).toEqual({ attempts: 1, last_error: 'subscriber is down', later: true });
    expect(seen).toEqual([]);
    await t.db.query('UPDATE evt_pub.outbox_events SET next_attempt_at = now() WHERE published_at IS NULL');
    await relay.drain();
    expect(seen).toEqual([5]);
  });
});

describe('platform: the relay waits for a slow subscriber', () => {
  let t: TestApp;
  const seen: number[] = [];
  beforeAll(async () => {
    // The pool ends a transaction idle for 2 × the statement timeout: 200 ms here.
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', DATABASE_STATEMENT_TIMEOUT_MS: '100' });
    await createEventSchemas(t.db, 'evt_slow_pub', 'evt_slow_sub');
    t.app.get(EventBus).subscribe(ThingHappened, {
      name: 'evt_slow_sub.record-thing',
      inbox: 'evt_slow_sub',
      handle: async (event, manager) => {
        // Payment's subscribers allow their own transaction to wait for the provider (allowSlowGatewayCalls)...
        await manager.query(`SET LOCAL idle_in_transaction_session_timeout = '5min'`);
        // ...which then answers late, while the relay's transaction sits idle too.
        await new Promise((resolve) => setTimeout(resolve, 600));
        seen.push(event.payload.n);
      },
    });
  });
  afterAll(() => t.close());

  it("delivers the event and marks it published although the subscriber outlasted the pool's idle limit", async () => {
    await t.db.transaction((manager) =>
      t.app.get(Outbox).publish(manager, 'evt_slow_pub', ThingHappened.create({ n: 1 })),
    );
    await t.app.get(EventRelay).drain();
    expect(seen).toEqual([1]);
    expect(
      await t.db.query(
        'SELECT published_at IS NOT NULL AS published, attempts FROM evt_slow_pub.outbox_events',
      ),
    ).toEqual([{ published: true, attempts: 0 }]);
  });
});

describe('platform: scheduled jobs take a lock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('runs a job, and skips it while another holder has the lock', async () => {
    const scheduler = t.app.get(JobScheduler);
    let runs = 0;
    scheduler.register({
      name: 'test.count',
      context: 'platform',
      intervalMs: 60_000,
      run: async () => void runs++,
    });
    expect(await scheduler.runNow('test.count')).toBe(true);

    const runner = t.db.createQueryRunner();
    await runner.startTransaction();
    await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['job:test.count']);
    expect(await scheduler.runNow('test.count')).toBe(false);
    await runner.rollbackTransaction();
    await runner.release();

    expect(await scheduler.runNow('test.count')).toBe(true);
    expect(runs).toBe(2);
  });
});

describe('platform: the relay on its timer', () => {
  let t: TestApp;
  let relay: EventRelay;
  const delivered: number[] = [];
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '50', EVENTS_RELAY_IDLE_INTERVAL_MS: '60000' });
    relay = t.app.get(EventRelay);
    t.app.get(EventBus).subscribe(ThingHappened, {
      name: 'evt_timer.record-thing',
      inbox: 'evt_timer',
      handle: async (event) => {
        delivered.push(event.payload.n);
      },
    });
  });
  afterAll(() => t.close());

  it('waits longer and longer while there is nothing to deliver', async () => {
    await eventually(() => (relay.scheduledDelay() ?? 0) >= 1600);
    expect(relay.scheduledDelay()).toBeLessThanOrEqual(60_000);
  });

  it('is woken by an event written in this process, and delivers it from an outbox it had not seen', async () => {
    // Idle passes have run, so the relay's list of outboxes (kept for a minute) predates this one.
    await eventually(() => (relay.scheduledDelay() ?? 0) >= 1600);
    await createEventSchemas(t.db, 'evt_timer');
    await t.db.transaction((m) => t.app.get(Outbox).publish(m, 'evt_timer', ThingHappened.create({ n: 7 })));
    // Back to the short interval (a pass or two may already have run meanwhile, before the commit).
    expect(relay.scheduledDelay()).toBeLessThan(1600);
    await eventually(() => delivered.includes(7));
    // Marked published when the relay's own transaction commits, just after the subscriber's.
    const published = async () =>
      (await t.db.query('SELECT published_at FROM evt_timer.outbox_events'))[0].published_at !== null;
    await eventually(published);
    expect(delivered).toEqual([7]);
  });
});
