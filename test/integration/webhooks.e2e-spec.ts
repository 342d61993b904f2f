import { randomUUID } from 'node:crypto';
import { HostResolver } from '../../src/modules/integration/application/host-resolver';
import { WebhookDispatcher } from '../../src/modules/integration/application/webhook-dispatcher';
import { EventRelay } from '../../src/platform/events/event-relay';
import { defineEvent } from '../../src/platform/events/integration-event';
import { Outbox } from '../../src/platform/events/outbox';
import { createIntegrator, integrationAdmin, type TestIntegrator } from '../support/integration.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { verifySignature, WebhookReceiver } from '../support/webhook-receiver';

const UserRatingChanged = defineEvent<{ userId: string; average: number | null; count: number }>(
  'review.UserRatingChanged',
);
const MINUTE = 60_000;

describe('integration: webhooks (delivery, signatures, retries, ordering, disabling)', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let integrator: TestIntegrator;

  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      WEBHOOK_DISPATCH_INTERVAL_MS: '0',
      WEBHOOK_ALLOW_INSECURE_LOOPBACK: 'true',
      WEBHOOK_TIMEOUT_MS: '300',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
  });
  beforeEach(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
    // A client of its own per test: a client registers at most ten endpoints.
    integrator = await createIntegrator(t, ['events:read']);
  });
  afterEach(() => receiver.stop());
  afterAll(() => t.close());

  const dispatcher = () => t.app.get(WebhookDispatcher);
  /** Events committed, fanned out, and everything due at `now` attempted. */
  async function deliver(now?: Date): Promise<number> {
    await t.app.get(EventRelay).drain();
    // The default `now` is taken after the fan-out, which dates the deliveries it owes.
    return dispatcher().drain(now ?? new Date());
  }
  async function rating(userId = randomUUID()) {
    const event = UserRatingChanged.create({ userId, average: 4.5, count: 2 });
    await t.db.transaction((m) => t.app.get(Outbox).publish(m, 'review', event));
    return event;
  }
  async function register(
    body: Record<string, unknown> = {},
    who: TestIntegrator = integrator,
  ): Promise<{ id: string; secret: string }> {
    const res = await t.http
      .post('/api/v1/integrations/webhooks')
      .set(who.auth)
      .send({
        url: receiver.url(`/hook/${randomUUID()}`),
        eventTypes: ['review.UserRatingChanged'],
        ...body,
      });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.endpoint.id, secret: res.body.secret };
  }
  const deliveries = (endpointId: string) =>
    t.db.query(
      `SELECT event_id, status, attempts, last_status_code FROM integration.webhook_deliveries
       WHERE endpoint_id = $1 ORDER BY position, created_at`,
      [endpointId],
    );
  const later = (minutes: number) => new Date(Date.now() + minutes * MINUTE);
  /** Stops other tests' endpoints from receiving this test's events. */
  async function quietOthers(keep: string) {
    await t.db.query(
      `UPDATE integration.webhook_endpoints SET enabled = false, disabled_reason = 'by_owner', disabled_at = now()
       WHERE id <> $1 AND enabled`,
      [keep],
    );
  }

  it('posts each wanted event once, signed so that an independent verifier accepts it', async () => {
    const endpoint = await register();
    await quietOthers(endpoint.id);
    const event = await rating();
    expect(await deliver()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['onesociety-event-id']).toBe(event.id);
    expect(got.headers['onesociety-event-type']).toBe('review.UserRatingChanged');
    expect(got.headers['onesociety-delivery-attempt']).toBe('1');
    expect(verifySignature(String(got.headers['onesociety-signature']), got.body, endpoint.secret)).toBe(
      true,
    );
    expect(
      verifySignature(String(got.headers['onesociety-signature']), `${got.body} `, endpoint.secret),
    ).toBe(false);
    expect(verifySignature(String(got.headers['onesociety-signature']), got.body, 'whsec_wrong')).toBe(false);
    expect(JSON.parse(got.body)).toEqual({
      id: event.id,
      type: 'review.UserRatingChanged',
      version: 1,
      occurredAt: event.occurredAt,
      payload: event.payload,
    });
    expect(await deliveries(endpoint.id)).toEqual([
      { event_id: event.id, status: 'succeeded', attempts: 1, last_status_code: 200 },
    ]);
    // Nothing more is due, and an unwanted type is not sent.
    await t.db.transaction((m) =>
      t.app.get(Outbox).publish(
        m,
        'identity',
        defineEvent('identity.UserDeleted').create({
          userId: randomUUID(),
          deletedAt: new Date().toISOString(),
        }),
      ),
    );
    expect(await deliver()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a 500 with backoff, then delivers exactly once', async () => {
    const endpoint = await register();
    await quietOthers(endpoint.id);
    receiver.script.push({ status: 500 });
    const event = await rating();
    expect(await deliver()).toBe(1);
    const [pending] = await t.db.query(
      `SELECT status, attempts, last_status_code, last_error,
              extract(epoch FROM next_attempt_at - last_attempt_at) AS wait FROM integration.webhook_deliveries
       WHERE endpoint_id = $1`,
      [endpoint.id],
    );
    expect(pending).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status_code: 500,
      last_error: 'HTTP 500',
    });
    expect(Number(pending.wait)).toBeGreaterThanOrEqual(30);
    expect(Number(pending.wait)).toBeLessThanOrEqual(60);
    // Not before its time...
    expect(await deliver()).toBe(0);
    // ...then again, and done.
    expect(await deliver(later(2))).toBe(1);
    expect(receiver.received.map((r) => r.answered)).toEqual([500, 200]);
    expect(receiver.acceptedIds()).toEqual([event.id]);
    expect(receiver.received[1].headers['onesociety-delivery-attempt']).toBe('2');
    expect(await deliveries(endpoint.id)).toEqual([
      { event_id: event.id, status: 'succeeded', attempts: 2, last_status_code: 200 },
    ]);
    const log = await t.http
      .get(`/api/v1/integrations/webhooks/${endpoint.id}/deliveries`)
      .set(integrator.auth);
    expect(log.status).toBe(200);
    const detail = await t.http
      .get(`/api/v1/integrations/webhooks/${endpoint.id}/deliveries/${log.body.items[0].id}`)
      .set(integrator.auth);
    expect(
      detail.body.attemptLog.map((a: { statusCode: number; error: string | null }) => [
        a.statusCode,
        a.error,
      ]),
    ).toEqual([
      [200, null],
      [500, 'HTTP 500'],
    ]);
    expect(detail.body.attemptLog[1].responseExcerpt).toBe('status 500');
  });

  it('counts a timeout as a failure and delivers once the receiver answers', async () => {
    const endpoint = await register();
    await quietOthers(endpoint.id);
    receiver.script.push('hang');
    const event = await rating();
    await deliver();
    const [first] = await t.db.query(
      `SELECT status, last_status_code, last_error FROM integration.webhook_deliveries WHERE endpoint_id = $1`,
      [endpoint.id],
    );
    expect(first).toEqual({
      status: 'pending',
      last_status_code: null,
      last_error: 'timed out after 300 ms',
    });
    await deliver(later(2));
    expect(receiver.received.map((r) => r.answered)).toEqual(['hang', 200]);
    expect(receiver.acceptedIds()).toEqual([event.id]);
  });

  it('does not follow a redirect (a 3xx is a failure) and delivers once the receiver answers 200', async () => {
    const endpoint = await register();
    await quietOthers(endpoint.id);
    receiver.script.push({ status: 302, headers: { location: receiver.url('/elsewhere') } });
    const event = await rating();
    await deliver();
    expect(receiver.received.map((r) => r.path).filter((p) => p === '/elsewhere')).toEqual([]);
    const [first] = await t.db.query(
      'SELECT status, last_status_code, last_error FROM integration.webhook_deliveries WHERE endpoint_id = $1',
      [endpoint.id],
    );
    expect(first).toEqual({
      status: 'pending',
      last_status_code: 302,
      last_error: `redirect to ${receiver.url('/elsewhere')} not followed`,
    });
    await deliver(later(2));
    expect(receiver.received.map((r) => [r.path.startsWith('/hook/'), r.answered])).toEqual([
      [true, 302],
      [true, 200],
    ]);
    expect(receiver.acceptedIds()).toEqual([event.id]);
  });

  it("keeps each resource's events in order: a later one waits while an earlier one is retried", async () => {
    const endpoint = await register();
    await quietOthers(endpoint.id);
    const [alice, bob] = [randomUUID(), randomUUID()];
    const first = await rating(alice);
    receiver.perEvent.set(first.id, [{ status: 503 }]);
    await t.app.get(EventRelay).drain();
    const second = await rating(alice);
    const other = await rating(bob);
    await deliver();
    // Alice's second event was not even tried; Bob's went through.
    expect(receiver.received.map((r) => [r.event.id, r.answered])).toEqual([
      [first.id, 503],
      [other.id, 200],
    ]);
    await deliver(later(2));
    expect(receiver.received.slice(2).map((r) => r.event.id)).toEqual([first.id, second.id]);
    expect(receiver.acceptedIds().sort()).toEqual([first.id, second.id, other.id].sort());
  });

  it('signs with both secrets during a rotation’s grace, then with the new one only', async () => {
    const endpoint = await register();
    await quietOthers(endpoint.id);
    const rotated = await t.http
      .post(`/api/v1/integrations/webhooks/${endpoint.id}/secret`)
      .set(integrator.auth)
      .send({ graceHours: 24 });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(rotated.body.endpoint.previousSecretExpiresAt).toEqual(expect.any(String));
    await rating();
    await deliver();
    const header = String(receiver.received[0].headers['onesociety-signature']);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(header, receiver.received[0].body, endpoint.secret)).toBe(true);
    expect(verifySignature(header, receiver.received[0].body, newSecret)).toBe(true);

    const again = await t.http
      .post(`/api/v1/integrations/webhooks/${endpoint.id}/secret`)
      .set(integrator.auth)
      .send({ graceHours: 0 });
    await rating();
    await deliver();
    const last = receiver.received[1];
    const lastHeader = String(last.headers['onesociety-signature']);
    expect(lastHeader.match(/v1=/g)).toHaveLength(1);
    expect(verifySignature(lastHeader, last.body, again.body.secret)).toBe(true);
    expect(verifySignature(lastHeader, last.body, newSecret)).toBe(false);
    // The secrets are sealed at rest.
    const [row] = await t.db.query('SELECT secret_sealed FROM integration.webhook_endpoints WHERE id = $1', [
      endpoint.id,
    ]);
    expect(row.secret_sealed).not.toContain(again.body.secret.slice(6));
  });

  it('disables an endpoint that failed for the whole retry window, tells so, and resumes when enabled', async () => {
    const endpoint = await register();
    await quietOthers(endpoint.id);
    receiver.fallback = { status: 500 };
    const first = await rating();
    await t.app.get(EventRelay).drain();
    const start = new Date();
    await dispatcher().drain(start);
    // Three days on, every attempt still failing: the next one disables it.
    const second = await rating();
    await deliver(new Date(start.getTime() + 73 * 3600_000));
    const view = await t.http.get(`/api/v1/integrations/webhooks/${endpoint.id}`).set(integrator.auth);
    expect(view.body).toMatchObject({
      status: 'disabled',
      disabledReason: 'failing',
      disabledAt: expect.any(String),
      failingSince: start.toISOString(),
    });
    expect(await deliveries(endpoint.id)).toEqual([
      expect.objectContaining({ event_id: first.id, status: 'failed' }),
      expect.objectContaining({ event_id: second.id, status: 'failed' }),
    ]);
    const told = await t.db.query(
      `SELECT payload FROM integration.outbox_events WHERE type = 'integration.WebhookEndpointDisabled'
       AND payload->>'endpointId' = $1`,
      [endpoint.id],
    );
    expect(told).toEqual([
      {
        payload: {
          endpointId: endpoint.id,
          clientId: integrator.clientId,
          url: expect.stringContaining('/hook/'),
          failingSince: start.toISOString(),
          disabledAt: expect.any(String),
        },
      },
    ]);
    const audit = await t.db.query(
      `SELECT actor_role, action FROM audit.entries WHERE target_type = 'webhook_endpoint' AND target_id = $1`,
      [endpoint.id],
    );
    expect(audit).toEqual([{ actor_role: 'system', action: 'integration.webhook_endpoint_disabled' }]);
    // Disabled: a new event is not owed to it.
    const received = receiver.received.length;
    await rating();
    await deliver(later(10));
    expect(receiver.received).toHaveLength(received);

    receiver.fallback = { status: 200 };
    const enabled = await t.http
      .patch(`/api/v1/integrations/webhooks/${endpoint.id}`)
      .set(integrator.auth)
      .send({ enabled: true });
    expect(enabled.body).toMatchObject({ status: 'enabled', disabledReason: null, failingSince: null });
    const fresh = await rating();
    await deliver();
    expect(receiver.acceptedIds()).toEqual([fresh.id]);
  });

  it('redelivers on request: a new delivery of the same event, sent by the worker', async () => {
    const endpoint = await register();
    await quietOthers(endpoint.id);
    const event = await rating();
    await deliver();
    const [original] = (
      await t.http.get(`/api/v1/integrations/webhooks/${endpoint.id}/deliveries`).set(integrator.auth)
    ).body.items;
    const res = await t.http
      .post(`/api/v1/integrations/webhooks/${endpoint.id}/deliveries/${original.id}/redeliver`)
      .set(integrator.auth);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      eventId: event.id,
      status: 'pending',
      attempts: 0,
      redeliveryOf: original.id,
    });
    expect(receiver.received).toHaveLength(1); // not sent by the request
    await deliver();
    expect(receiver.received.map((r) => r.event.id)).toEqual([event.id, event.id]);
    expect(receiver.received[1].headers['onesociety-delivery-id']).toBe(res.body.id);
  });

  it('refuses to send to an address a name resolves to unless it is public, and pins the one it checked', async () => {
    const resolver = t.app.get(HostResolver);
    const original = resolver.resolve.bind(resolver);
    const answers: Record<string, { address: string; family: 4 | 6 }[]> = {
      'private.example.test': [{ address: '10.0.0.7', family: 4 }],
      'mixed.example.test': [
        { address: '93.184.215.14', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ],
      'mapped.example.test': [{ address: '::ffff:192.168.0.1', family: 6 }],
      'receiver.example.test': [{ address: '127.0.0.1', family: 4 }],
    };
    const asked: string[] = [];
    resolver.resolve = async (host: string) => {
      asked.push(host);
      return answers[host] ?? original(host);
    };
    try {
      const endpoints = [];
      for (const host of ['private', 'mixed', 'mapped', 'receiver'])
        endpoints.push(await register({ url: `http://${host}.example.test:${receiver.port}/hook/${host}` }));
      await t.db.query(
        `UPDATE integration.webhook_endpoints SET enabled = false, disabled_reason = 'by_owner', disabled_at = now()
         WHERE NOT (id = ANY($1)) AND enabled`,
        [endpoints.map((e) => e.id)],
      );
      await rating();
      await deliver();
      const errors = await t.db.query(
        `SELECT e.url, d.status, d.last_error FROM integration.webhook_deliveries d
         JOIN integration.webhook_endpoints e ON e.id = d.endpoint_id WHERE e.id = ANY($1) ORDER BY e.url`,
        [endpoints.map((e) => e.id)],
      );
      expect(errors.map((r: { last_error: string | null }) => r.last_error)).toEqual([
        'refused: mapped.example.test resolves to ::ffff:192.168.0.1 (private)',
        'refused: mixed.example.test resolves to 169.254.169.254 (metadata)',
        'refused: private.example.test resolves to 10.0.0.7 (private)',
        null,
      ]);
      // Only the name pinned to the checked loopback address reached the receiver, though the
      // system resolver does not know it: the connection used the address checked.
      expect(receiver.received.map((r) => r.path)).toEqual(['/hook/receiver']);
      expect(asked.filter((h) => h === 'receiver.example.test')).toHaveLength(1);
    } finally {
      resolver.resolve = original;
    }
  });

  it("keeps one integrator's endpoints from another (404), and an endpoint per URL, ten per client", async () => {
    const owner = await createIntegrator(t, ['events:read']);
    const other = await createIntegrator(t, ['events:read']);
    const endpoint = await register({}, owner);
    const base = `/api/v1/integrations/webhooks/${endpoint.id}`;
    for (const [method, path, body] of [
      ['get', base, undefined],
      ['patch', base, { enabled: false }],
      ['delete', base, undefined],
      ['post', `${base}/secret`, {}],
      ['get', `${base}/deliveries`, undefined],
    ] as const) {
      const req = t.http[method](path).set(other.auth);
      const res = await (body ? req.send(body) : req);
      expect({ method, path, status: res.status, code: res.body.code }).toEqual({
        method,
        path,
        status: 404,
        code: 'INTEGRATION.WEBHOOK_NOT_FOUND',
      });
    }
    expect((await t.http.get('/api/v1/integrations/webhooks').set(other.auth)).body.items).toEqual([]);
    const [row] = await t.db.query('SELECT enabled FROM integration.webhook_endpoints WHERE id = $1', [
      endpoint.id,
    ]);
    expect(row.enabled).toBe(true);

    const url = receiver.url('/same');
    await register({ url }, owner);
    const twice = await t.http
      .post('/api/v1/integrations/webhooks')
      .set(owner.auth)
      .send({ url, eventTypes: ['*'] });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INTEGRATION.WEBHOOK_URL_TAKEN');
    // The other client may register the same URL.
    await register({ url }, other);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .post('/api/v1/integrations/webhooks')
          .set(owner.auth)
          .send({ url: receiver.url(`/many/${i}`), eventTypes: ['*'] }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(8);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual([
      'INTEGRATION.WEBHOOK_LIMIT_REACHED',
      'INTEGRATION.WEBHOOK_LIMIT_REACHED',
    ]);
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM integration.webhook_endpoints WHERE client_id = $1',
      [owner.clientId],
    );
    expect(n).toBe(10);
  });

  it('gives admins a read-only view, and sends nothing for a revoked client', async () => {
    const client = await createIntegrator(t, ['events:read']);
    const endpoint = await register({}, client);
    await quietOthers(endpoint.id);
    const admin = await integrationAdmin(t);
    const list = await t.http
      .get(`/api/v1/admin/integrations/clients/${client.clientId}/webhooks`)
      .set(admin.auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
    await t.http
      .post(`/api/v1/admin/integrations/clients/${client.clientId}/revoke`)
      .set(admin.auth)
      .expect(200);
    await rating();
    await deliver();
    expect(receiver.received).toEqual([]);
    const log = await t.http
      .get(`/api/v1/admin/integrations/webhooks/${endpoint.id}/deliveries`)
      .set(admin.auth);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([]);
  });
});
