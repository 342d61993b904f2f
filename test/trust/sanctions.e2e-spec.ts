import { randomUUID } from 'node:crypto';
import { TrustApi } from '../../src/modules/trust';
import { EXPIRE_SUSPENSIONS_JOB } from '../../src/modules/trust/application/sanction-expiry.job';
import { EventRelay } from '../../src/platform/events/event-relay';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { auditEntriesFor, requestId } from '../support/audit.factory';
import { signUpAdmin } from '../support/catalog.factory';
import { deleteAccount } from '../support/erasure.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { inDays, liftSanction, sanction, suspend } from '../support/sanction.factory';
import { createTestApp, type TestApp } from '../support/test-app';

describe('trust: sanctions (admin warn, suspend, ban, lift; expiry; GET /trust/sanctions)', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  let otherAdmin: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    [admin, otherAdmin] = await Promise.all([signUpAdmin(t), signUpAdmin(t)]);
  });
  afterAll(() => t.close());

  const impose = (user: { id: string }, body: Record<string, unknown>, as = admin) =>
    t.http.post(`/api/v1/admin/users/${user.id}/sanctions`).set(as.auth).send(body);
  const lift = (sanctionId: string, body: Record<string, unknown> = {}, as = admin) =>
    t.http.post(`/api/v1/admin/sanctions/${sanctionId}/lift`).set(as.auth).send(body);
  const rows = (userId: string) =>
    t.db.query(
      `SELECT kind, reason, ends_at, lifted_at, lifted_by, lift_note, expired_at FROM trust.sanctions
       WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
  const events = async (userId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> =>
    t.db.query(
      // The sequence (asserted on its own below) aside.
      `SELECT type, payload - 'sequence' AS payload FROM trust.outbox_events
       WHERE payload->>'userId' = $1 ORDER BY occurred_at, id`,
      [userId],
    );
  const restricted = (userId: string) => t.app.get(TrustApi).isRestricted(userId);
  const expireAt = (now: Date) => t.app.get(JobScheduler).runNow(EXPIRE_SUSPENSIONS_JOB, now);
  const isoOf = (d: Date | string) => new Date(d).toISOString();

  describe('POST /admin/users/{userId}/sanctions', () => {
    it('warns: the user reads it with its reason, nothing is restricted, one UserWarned, audited', async () => {
      const user = await signUp(t.http);
      const req = requestId('warn');
      const res = await impose(user, {
        kind: 'warning',
        reason: '  Please describe items truthfully.  ',
      }).set('X-Request-Id', req);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        userId: user.id,
        kind: 'warning',
        reason: 'Please describe items truthfully.',
        startsAt: expect.any(String),
        endsAt: null,
        liftedAt: null,
        standing: false,
        reportId: null,
        imposedBy: admin.id,
        liftedBy: null,
        liftNote: null,
      });
      expect(await rows(user.id)).toEqual([
        expect.objectContaining({
          kind: 'warning',
          reason: 'Please describe items truthfully.',
          ends_at: null,
        }),
      ]);
      expect(await events(user.id)).toEqual([
        { type: 'trust.UserWarned', payload: { userId: user.id, sanctionId: res.body.id } },
      ]);
      expect(await restricted(user.id)).toBe(false);
      expect(await auditEntriesFor(t.db, { requestId: req })).toEqual([
        expect.objectContaining({
          actor_id: admin.id,
          actor_role: 'admin',
          action: 'trust.user_warned',
          target_type: 'user',
          target_id: user.id,
          details: {
            sanctionId: res.body.id,
            reportId: null,
            until: null,
            restricted: false,
            restrictedUntil: null,
          },
        }),
      ]);

      const own = await t.http.get('/api/v1/trust/sanctions').set(user.auth);
      expect(own.status).toBe(200);
      expect(own.body).toEqual({
        items: [
          {
            id: res.body.id,
            kind: 'warning',
            reason: 'Please describe items truthfully.',
            startsAt: res.body.startsAt,
            endsAt: null,
            liftedAt: null,
            standing: false,
          },
        ],
        nextCursor: null,
      });
    });

    it('suspends until `until` and bans without end: restricted, UserSuspended naming the whole restriction', async () => {
      const user = await signUp(t.http);
      const until = inDays(10);
      const first = await impose(user, { kind: 'suspension', reason: 'Scam listings.', until });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ kind: 'suspension', endsAt: until, standing: true });
      expect(await restricted(user.id)).toBe(true);
      // A shorter suspension on top leaves the whole restriction's end where it was.
      const shorter = await sanction(t, admin, user, { kind: 'suspension', until: inDays(3) });
      const ban = await sanction(t, admin, user, { kind: 'ban' });
      expect(ban).toMatchObject({ kind: 'ban', endsAt: null, standing: true });
      expect(await events(user.id)).toEqual([
        {
          type: 'trust.UserSuspended',
          payload: { userId: user.id, sanctionId: first.body.id, kind: 'suspension', until },
        },
        {
          type: 'trust.UserSuspended',
          payload: { userId: user.id, sanctionId: shorter.id, kind: 'suspension', until },
        },
        {
          type: 'trust.UserSuspended',
          payload: { userId: user.id, sanctionId: ban.id, kind: 'ban', until: null },
        },
      ]);
      const audited = await auditEntriesFor(t.db, { targetId: user.id });
      expect(audited.map((a) => [a.action, a.details.sanctionId, a.details.restrictedUntil])).toEqual([
        ['trust.user_suspended', first.body.id, until],
        ['trust.user_suspended', shorter.id, until],
        ['trust.user_banned', ban.id, null],
      ]);
    });

    it.each([
      ['a suspension without until', { kind: 'suspension' }, 'TRUST.INVALID_SANCTION_TERM', 'until'],
      [
        'a suspension ending in the past',
        { kind: 'suspension', until: inDays(-1) },
        'TRUST.INVALID_SANCTION_TERM',
        'until',
      ],
      [
        'a suspension beyond 365 days',
        { kind: 'suspension', until: inDays(366) },
        'TRUST.INVALID_SANCTION_TERM',
        'until',
      ],
      ['a warning with until', { kind: 'warning', until: inDays(3) }, 'TRUST.INVALID_SANCTION_TERM', 'until'],
      ['a ban with until', { kind: 'ban', until: inDays(3) }, 'TRUST.INVALID_SANCTION_TERM', 'until'],
      [
        'an until without a zone',
        { kind: 'suspension', until: '2030-01-01T10:00:00' },
        'VALIDATION.FAILED',
        'until',
      ],
      ['an unknown kind', { kind: 'exile' }, 'VALIDATION.FAILED', 'kind'],
      ['a blank reason', { kind: 'warning', reason: '   ' }, 'VALIDATION.FAILED', 'reason'],
      ['a null until', { kind: 'ban', until: null }, 'VALIDATION.FAILED', 'until'],
      ['an unknown field', { kind: 'warning', severity: 'high' }, 'VALIDATION.FAILED', 'severity'],
    ])('refuses %s with a 422 naming the field, storing nothing', async (_name, body, code, field) => {
      const user = await signUp(t.http);
      const res = await impose(user, { reason: 'Because.', ...body });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe(code);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await rows(user.id)).toEqual([]);
      expect(await events(user.id)).toEqual([]);
      expect(await auditEntriesFor(t.db, { targetId: user.id })).toEqual([]);
    });

    it('refuses sanctioning oneself (422), an unknown or erased user (404), a malformed id (422)', async () => {
      const self = await impose(admin, { kind: 'ban', reason: 'Testing.' });
      expect(self.status).toBe(422);
      expect(self.body).toMatchObject({
        code: 'TRUST.CANNOT_SANCTION_SELF',
        errors: [{ field: 'userId', message: 'userId must concern another user' }],
      });
      expect(await rows(admin.id)).toEqual([]);

      const unknown = await impose({ id: randomUUID() }, { kind: 'warning', reason: 'Nobody.' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('TRUST.USER_NOT_FOUND');

      const gone = await signUp(t.http);
      expect((await deleteAccount(t, gone, { password: gone.password })).status).toBe(204);
      for (const res of [
        await impose(gone, { kind: 'warning', reason: 'Gone.' }),
        await t.http.get(`/api/v1/admin/users/${gone.id}/sanctions`).set(admin.auth),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('TRUST.USER_NOT_FOUND');
      }
      expect(await rows(gone.id)).toEqual([]);

      const malformed = await impose({ id: 'not-a-uuid' }, { kind: 'warning', reason: 'Typo.' });
      expect(malformed.status).toBe(422);
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
    });

    it('sanctions a suspended user again; warns another admin but neither suspends nor bans one', async () => {
      const [user, strict] = await Promise.all([signUp(t.http), signUpAdmin(t)]);
      await suspend(t, admin, user, 2);
      await sanction(t, admin, user, { kind: 'ban' });
      await sanction(t, otherAdmin, strict, { kind: 'warning', reason: 'Too strict.' });
      expect((await rows(user.id)).map((r: { kind: string }) => r.kind)).toEqual(['suspension', 'ban']);
      // Otherwise one admin could lock the others out (and a banned admin's token acts for minutes).
      for (const body of [
        { kind: 'ban', reason: 'Rogue.' },
        { kind: 'suspension', reason: 'Rogue.', until: inDays(1) },
      ]) {
        const res = await t.http
          .post(`/api/v1/admin/users/${strict.id}/sanctions`)
          .set(otherAdmin.auth)
          .send(body);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('TRUST.SANCTION_TARGET_IS_ADMIN');
      }
      expect((await rows(strict.id)).map((r: { kind: string }) => r.kind)).toEqual(['warning']);
      expect((await events(strict.id)).map((e) => e.type)).toEqual(['trust.UserWarned']);
    });

    it("numbers each of a user's restriction events in order, the order their subscribers apply", async () => {
      const user = await signUp(t.http);
      const s = await suspend(t, admin, user, 2);
      const ban = await sanction(t, admin, user, { kind: 'ban' });
      await liftSanction(t, admin, ban.id);
      await liftSanction(t, admin, s.id);
      const told: { type: string; sequence: string }[] = await t.db.query(
        `SELECT type, payload->>'sequence' AS sequence FROM trust.outbox_events
         WHERE payload->>'userId' = $1 AND type <> 'trust.UserWarned' ORDER BY occurred_at, id`,
        [user.id],
      );
      expect(told.map((e) => e.type)).toEqual([
        'trust.UserSuspended',
        'trust.UserSuspended',
        'trust.UserSuspended',
        'trust.UserReinstated',
      ]);
      const sequences = told.map((e) => Number(e.sequence));
      expect(sequences.every((n, i) => Number.isInteger(n) && (i === 0 || n > sequences[i - 1]))).toBe(true);
    });
  });

  it('admin routes refuse a user (403) and an anonymous caller (401), storing nothing', async () => {
    const [user, target] = await Promise.all([signUp(t.http), signUp(t.http)]);
    const s = await suspend(t, admin, target);
    const calls = [
      () => t.http.post(`/api/v1/admin/users/${target.id}/sanctions`).send({ kind: 'ban', reason: 'Me.' }),
      () => t.http.get(`/api/v1/admin/users/${target.id}/sanctions`),
      () => t.http.post(`/api/v1/admin/sanctions/${s.id}/lift`).send({}),
    ];
    for (const call of calls) {
      expect((await call()).status).toBe(401);
      const res = await call().set(user.auth);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await rows(target.id)).toEqual([expect.objectContaining({ kind: 'suspension', lifted_at: null })]);
    expect((await t.http.get('/api/v1/trust/sanctions')).status).toBe(401);
  });

  describe('POST /admin/sanctions/{sanctionId}/lift', () => {
    it('lifts a suspension: reinstated once, with the note kept for moderators and audited', async () => {
      const user = await signUp(t.http);
      const s = await suspend(t, admin, user, 5);
      const req = requestId('lift');
      const res = await lift(s.id, { note: ' Appeal accepted. ' }).set('X-Request-Id', req);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: s.id,
        liftedAt: expect.any(String),
        liftedBy: admin.id,
        liftNote: 'Appeal accepted.',
        standing: false,
      });
      expect(await restricted(user.id)).toBe(false);
      expect((await events(user.id)).map((e) => e.type)).toEqual([
        'trust.UserSuspended',
        'trust.UserReinstated',
      ]);
      expect(await auditEntriesFor(t.db, { requestId: req })).toEqual([
        expect.objectContaining({
          actor_id: admin.id,
          action: 'trust.sanction_lifted',
          target_id: user.id,
          details: {
            sanctionId: s.id,
            kind: 'suspension',
            reinstated: true,
            restricted: false,
            restrictedUntil: null,
          },
        }),
      ]);
      // The user sees that it was lifted, not the moderators' note.
      const own = await t.http.get('/api/v1/trust/sanctions').set(user.auth);
      expect(own.body.items).toEqual([expect.objectContaining({ id: s.id, liftedAt: res.body.liftedAt })]);
      expect(own.body.items[0]).not.toHaveProperty('liftNote');

      const again = await lift(s.id);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('TRUST.SANCTION_NOT_STANDING');
      expect(await events(user.id)).toHaveLength(2);
    });

    it('tells what still restricts: the remaining end, then reinstates only when nothing stands', async () => {
      const user = await signUp(t.http);
      const long = await suspend(t, admin, user, 20);
      const short = await suspend(t, admin, user, 4);
      const ban = await sanction(t, admin, user, { kind: 'ban' });
      const tail = async (n: number) => (await events(user.id)).slice(-n);

      await liftSanction(t, admin, ban.id);
      expect(await tail(1)).toEqual([
        {
          type: 'trust.UserSuspended',
          payload: { userId: user.id, sanctionId: long.id, kind: 'suspension', until: long.endsAt },
        },
      ]);
      await liftSanction(t, admin, long.id);
      expect(await tail(1)).toEqual([
        {
          type: 'trust.UserSuspended',
          payload: { userId: user.id, sanctionId: short.id, kind: 'suspension', until: short.endsAt },
        },
      ]);
      expect(await restricted(user.id)).toBe(true);
      await liftSanction(t, admin, short.id);
      expect(await tail(1)).toEqual([{ type: 'trust.UserReinstated', payload: { userId: user.id } }]);
      expect((await events(user.id)).filter((e) => e.type === 'trust.UserReinstated')).toHaveLength(1);
      expect(await restricted(user.id)).toBe(false);
    });

    it('lifting the shorter of two suspensions tells nothing: the restriction did not change', async () => {
      const user = await signUp(t.http);
      await suspend(t, admin, user, 20);
      const short = await suspend(t, admin, user, 4);
      await liftSanction(t, admin, short.id);
      expect((await events(user.id)).map((e) => e.type)).toEqual([
        'trust.UserSuspended',
        'trust.UserSuspended',
      ]);
      expect(await restricted(user.id)).toBe(true);
    });

    it('refuses a warning, an ended suspension (409), an unknown id (404), one’s own sanction (422)', async () => {
      const user = await signUp(t.http);
      const warning = await sanction(t, admin, user, { kind: 'warning' });
      const ended = await suspend(t, admin, user, 1);
      await t.db.query(
        `UPDATE trust.sanctions SET starts_at = now() - interval '2 days', ends_at = now() - interval '1 second'
         WHERE id = $1`,
        [ended.id],
      );
      for (const [id, message] of [
        [warning.id, 'A warning restricts nothing and cannot be lifted'],
        [ended.id, 'This suspension has already ended'],
      ]) {
        const res = await lift(id);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'TRUST.SANCTION_NOT_STANDING', detail: message });
      }
      const unknown = await lift(randomUUID());
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('TRUST.SANCTION_NOT_FOUND');

      // A suspension from before the judge became an admin (admins themselves cannot be suspended).
      const judge = await signUpAdmin(t);
      const [own] = await t.db.query(
        `INSERT INTO trust.sanctions (id, user_id, kind, reason, imposed_by, starts_at, ends_at)
         VALUES (gen_random_uuid(), $1, 'suspension', 'Before the role.', $2, now(), now() + interval '1 day')
         RETURNING id`,
        [judge.id, otherAdmin.id],
      );
      const self = await lift(own.id, {}, judge);
      expect(self.status).toBe(422);
      expect(self.body).toMatchObject({
        code: 'TRUST.CANNOT_SANCTION_SELF',
        errors: [{ field: 'sanctionId', message: 'sanctionId must concern another user' }],
      });
      expect(await rows(judge.id)).toEqual([expect.objectContaining({ lifted_at: null })]);

      const tooLong = await lift(ended.id, { note: 'x'.repeat(2001) });
      expect(tooLong.status).toBe(422);
      expect(await rows(user.id)).toEqual([
        expect.objectContaining({ kind: 'warning', lifted_at: null }),
        expect.objectContaining({ kind: 'suspension', lifted_at: null, lift_note: null }),
      ]);
      expect(await auditEntriesFor(t.db, { targetId: user.id, action: 'trust.sanction_lifted' })).toEqual([]);
    });
  });

  describe('GET /admin/users/{userId}/sanctions', () => {
    it('lists the whole history newest first in cursor pages; 404 unknown; 422 bad cursor', async () => {
      const user = await signUp(t.http);
      const made = [
        await sanction(t, admin, user, { kind: 'warning' }),
        await suspend(t, admin, user, 3),
        await sanction(t, admin, user, { kind: 'ban' }),
      ];
      await liftSanction(t, admin, made[2].id, 'Second chance.');
      const first = await t.http
        .get(`/api/v1/admin/users/${user.id}/sanctions`)
        .query({ limit: 2 })
        .set(admin.auth);
      expect(first.status).toBe(200);
      expect(first.body.items.map((s: { id: string }) => s.id)).toEqual([made[2].id, made[1].id]);
      expect(first.body.items[0]).toMatchObject({
        liftNote: 'Second chance.',
        standing: false,
        liftedBy: admin.id,
      });
      expect(first.body.items[1]).toMatchObject({ kind: 'suspension', standing: true, imposedBy: admin.id });
      const second = await t.http
        .get(`/api/v1/admin/users/${user.id}/sanctions`)
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(admin.auth);
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: made[0].id })], nextCursor: null });

      const unknown = await t.http.get(`/api/v1/admin/users/${randomUUID()}/sanctions`).set(admin.auth);
      expect(unknown.status).toBe(404);
      const bad = await t.http
        .get(`/api/v1/admin/users/${user.id}/sanctions`)
        .query({ cursor: 'bm90LWEtY3Vyc29y' })
        .set(admin.auth);
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('TRUST.INVALID_CURSOR');

      // The user's own list holds the same sanctions, and only theirs.
      const own = await t.http.get('/api/v1/trust/sanctions').set(user.auth);
      expect(own.body.items.map((s: { id: string }) => s.id)).toEqual(made.map((s) => s.id).reverse());
    });
  });

  it('puts the sanctions a person received in their data export, as they see them', async () => {
    const user = await signUp(t.http);
    const warning = await sanction(t, admin, user, { kind: 'warning', reason: 'Mind the photos.' });
    const s = await suspend(t, admin, user, 2);
    await liftSanction(t, admin, s.id, 'Mistake.');
    const exported = await t.http.post('/api/v1/account/data-exports').set(user.auth);
    expect(exported.status).toBe(202);
    await t.app.get(EventRelay).drain();
    const download = await t.http
      .get(`/api/v1/account/data-exports/${exported.body.id}/document`)
      .set(user.auth);
    expect(download.status).toBe(200);
    const own = (await t.http.get('/api/v1/trust/sanctions').set(user.auth)).body.items;
    expect(download.body.trust.sanctions).toEqual([...own].reverse());
    expect(download.body.trust.sanctions.map((x: { id: string }) => x.id)).toEqual([warning.id, s.id]);
    expect(JSON.stringify(download.body.trust)).not.toContain('Mistake.');
  });

  describe('the expiry job', () => {
    it('ends a suspension once its end passed: UserReinstated once, marked, and never again', async () => {
      const user = await signUp(t.http);
      const s = await suspend(t, admin, user, 1);
      expect(await expireAt(new Date())).toBe(true);
      expect((await rows(user.id))[0].expired_at).toBeNull();

      const later = new Date(Date.now() + 2 * 86_400_000);
      expect(await expireAt(later)).toBe(true);
      expect(await rows(user.id)).toEqual([expect.objectContaining({ expired_at: later, lifted_at: null })]);
      expect(await events(user.id)).toEqual([
        expect.objectContaining({ type: 'trust.UserSuspended' }),
        { type: 'trust.UserReinstated', payload: { userId: user.id } },
      ]);
      expect(await auditEntriesFor(t.db, { targetId: user.id, action: 'trust.user_reinstated' })).toEqual([
        expect.objectContaining({ actor_id: null, actor_role: 'system', details: { expiredSanctions: 1 } }),
      ]);
      await expireAt(new Date(later.getTime() + 86_400_000));
      expect(await events(user.id)).toHaveLength(2);
      // Marked expired, it cannot be lifted any more.
      expect((await lift(s.id)).status).toBe(409);
    });

    it('reinstates nobody while a ban or a longer suspension stands, then once when the last ends', async () => {
      const [banned, twice] = await Promise.all([signUp(t.http), signUp(t.http)]);
      await suspend(t, admin, banned, 1);
      const ban = await sanction(t, admin, banned, { kind: 'ban' });
      await suspend(t, admin, twice, 1);
      await suspend(t, admin, twice, 1.5);
      await suspend(t, admin, twice, 3);

      await expireAt(new Date(Date.now() + 2 * 86_400_000));
      for (const user of [banned, twice])
        expect((await events(user.id)).map((e) => e.type)).not.toContain('trust.UserReinstated');
      expect((await rows(twice.id)).map((r: { expired_at: Date | null }) => r.expired_at !== null)).toEqual([
        true,
        true,
        false,
      ]);

      await expireAt(new Date(Date.now() + 4 * 86_400_000));
      expect((await events(twice.id)).filter((e) => e.type === 'trust.UserReinstated')).toHaveLength(1);
      expect((await events(banned.id)).map((e) => e.type)).not.toContain('trust.UserReinstated');
      await liftSanction(t, admin, ban.id);
      expect((await events(banned.id)).filter((e) => e.type === 'trust.UserReinstated')).toHaveLength(1);
    });

    it('two suspensions ending together reinstate once; a lift after an unnoticed end reinstates once', async () => {
      const [together, lifted] = await Promise.all([signUp(t.http), signUp(t.http)]);
      const until = inDays(1);
      await sanction(t, admin, together, { kind: 'suspension', until });
      await sanction(t, admin, together, { kind: 'suspension', until });
      await expireAt(new Date(Date.now() + 2 * 86_400_000));
      expect((await events(together.id)).filter((e) => e.type === 'trust.UserReinstated')).toHaveLength(1);

      // One suspension ended (the job has not run), the ban is lifted: one reinstatement, the job adds none.
      const ended = await suspend(t, admin, lifted, 1);
      const ban = await sanction(t, admin, lifted, { kind: 'ban' });
      await t.db.query(
        `UPDATE trust.sanctions SET starts_at = now() - interval '2 days', ends_at = now() - interval '1 second'
         WHERE id = $1`,
        [ended.id],
      );
      await liftSanction(t, admin, ban.id);
      const told = await events(lifted.id);
      expect(told.at(-1)).toEqual({ type: 'trust.UserReinstated', payload: { userId: lifted.id } });
      expect((await rows(lifted.id))[0].expired_at).not.toBeNull();
      await expireAt(new Date());
      expect(await events(lifted.id)).toEqual(told);
    });
  });

  describe('races', () => {
    it('10 concurrent suspensions of one user: all recorded, each event naming the latest end so far', async () => {
      const user = await signUp(t.http);
      const untils = Array.from({ length: 10 }, (_, i) => inDays(1 + ((i * 7) % 10)));
      const answers = await Promise.all(
        untils.map((until) => impose(user, { kind: 'suspension', reason: 'Many reports.', until })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      expect(await rows(user.id)).toHaveLength(10);
      const told = await events(user.id);
      expect(told).toHaveLength(10);
      // In outbox order, each event's until is the latest end among the suspensions imposed so far.
      const endOf = new Map(answers.map((a) => [a.body.id as string, a.body.endsAt as string]));
      let latest = '';
      for (const e of told) {
        const end = endOf.get(e.payload.sanctionId as string) as string;
        latest = end > latest ? end : latest;
        expect(e.payload.until).toBe(latest);
      }
      expect(latest).toBe(isoOf(untils.reduce((a, b) => (a > b ? a : b))));
      expect(await auditEntriesFor(t.db, { targetId: user.id, action: 'trust.user_suspended' })).toHaveLength(
        10,
      );
    });

    it('concurrent lifts: one of the same sanction wins; lifting all of a user’s reinstates exactly once', async () => {
      const user = await signUp(t.http);
      const s = await suspend(t, admin, user, 3);
      const same = await Promise.all(Array.from({ length: 5 }, () => lift(s.id)));
      expect(same.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);

      const other = await signUp(t.http);
      const all = [
        await suspend(t, admin, other, 3),
        await suspend(t, admin, other, 6),
        await sanction(t, admin, other, { kind: 'ban' }),
      ];
      const lifted = await Promise.all(all.map((x) => lift(x.id)));
      expect(lifted.map((r) => r.status)).toEqual([200, 200, 200]);
      for (const u of [user, other])
        expect((await events(u.id)).filter((e) => e.type === 'trust.UserReinstated')).toHaveLength(1);
      expect(await restricted(other.id)).toBe(false);
    });
  });
});
