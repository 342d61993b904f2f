import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogCapture } from '../support/log-capture';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain } from '../support/payment.factory';
import { StripeFixtureServer, stripeError } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventually, gate } from '../support/waiting';

const KEY = 'sk_test_fixtureserver';
// The pool ends a transaction idle for 2 × this (1 s): a gateway slower than that must not end
// the transaction payment's UserDeleted handler runs in (its inbox row's) while it waits.
const STATEMENT_TIMEOUT_MS = 500;

/**
 * Stands between the app and the fixture server; while `hold` is set, every detach waits for it
 * to open before it is passed on (a Stripe that takes its time).
 */
class HoldingProxy {
  hold: Promise<void> | null = null;
  private constructor(private readonly server: Server) {}

  static async start(target: number): Promise<HoldingProxy> {
    let proxy: HoldingProxy | null = null;
    const server = createServer((req, res) => void proxy!.forward(target, req, res));
    proxy = new HoldingProxy(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  private async forward(target: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.hold && /\/detach$/.test(req.url ?? '')) await this.hold;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.end(Buffer.concat(chunks));
  }
}

/** payment's part of an account erasure (UserDeleted), on the Stripe adapter. */
describe('payment: erasure detaches cards at the gateway without holding the relay', () => {
  let server: StripeFixtureServer;
  let proxy: HoldingProxy;
  let t: TestApp;
  const logs = new LogCapture();
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    proxy = await HoldingProxy.start(server.port);
    t = await createTestApp(
      {
        STRIPE_SECRET_KEY: KEY,
        STRIPE_API_HOST: '127.0.0.1',
        STRIPE_API_PORT: String(proxy.port),
        STRIPE_API_PROTOCOL: 'http',
        EVENTS_RELAY_INTERVAL_MS: '0',
        JOBS_ENABLED: 'false',
        DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        LOG_LEVEL: 'warn',
      },
      { logDestination: logs },
    );
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
    await server.close();
  });

  /** The fixture server answers every customer create with one id: each user here gets their own. */
  const withCard = async (fullName: string, tokens: string[]) => {
    const user = await signUp(t.http, { fullName });
    server.respondOnce('POST', /^\/v1\/customers$/, (customer) => ({
      status: 200,
      body: { ...customer, id: `cus_${user.id.slice(0, 8)}` },
    }));
    for (const token of tokens) await addPaymentMethod(t, user, token);
    await drain(t);
    return user;
  };
  const deleteAccount = (user: SignedUpUser) =>
    t.http.delete('/api/v1/account').set(user.auth).send({ password: user.password });
  const methodsOf = (userId: string) =>
    t.db.query(
      `SELECT gateway_payment_method_id AS id, removed_at, is_default, brand, last4, exp_month, exp_year
       FROM payment.payment_methods WHERE user_id = $1 ORDER BY gateway_payment_method_id`,
      [userId],
    );
  const detaches = () =>
    server.requests.filter((r) => r.method === 'POST' && /\/detach$/.test(r.path)).map((r) => r.path);
  const expectScrubbed = (rows: Record<string, unknown>[], ids: string[]) => {
    expect(rows.map((r) => r.id)).toEqual(ids);
    for (const row of rows) {
      expect(row).toMatchObject({
        is_default: false,
        brand: null,
        last4: null,
        exp_month: null,
        exp_year: null,
      });
      expect(row.removed_at).toBeInstanceOf(Date);
    }
  };

  it('waits on a slow gateway longer than the idle-in-transaction limit, then removes the card', async () => {
    const zoe = await withCard('Zoe Slowgateway', ['pm_card_visa']);
    const before = detaches().length;

    const stripe = gate();
    proxy.hold = stripe.opened;
    expect((await deleteAccount(zoe)).status).toBe(204);
    const delivered = drain(t);
    // The relay's transaction sits idle while Stripe has not answered: well past the 1 s limit.
    await eventually(async () => {
      const idle = await t.db.query(
        `SELECT 1 FROM pg_stat_activity
         WHERE datname = current_database() AND state = 'idle in transaction'
           AND now() - state_change > make_interval(secs => $1)`,
        [(STATEMENT_TIMEOUT_MS * 4) / 1000],
      );
      return idle.length > 0;
    });
    stripe.open();
    // The relay's own outbox transaction sits idle as long, and the pool may end it (the relay's
    // concern, not payment's): this pass may then fail after payment's work is committed.
    await delivered.catch(() => undefined);
    proxy.hold = null;

    // Payment's transaction outlived the limit: the card is removed and the erasure recorded as done.
    expectScrubbed(await methodsOf(zoe.id), ['pm_card_visa']);
    const inbox = await t.db.query(
      `SELECT 1 FROM payment.inbox_events WHERE handler = 'payment.erase-deleted-user'
       AND event_id = (SELECT id FROM identity.outbox_events WHERE type = 'identity.UserDeleted'
                       AND payload->>'userId' = $1)`,
      [zoe.id],
    );
    expect(inbox).toHaveLength(1);
    // The next pass publishes the event without asking the gateway again.
    await drain(t);
    const [outbox] = await t.db.query(
      `SELECT published_at FROM identity.outbox_events WHERE type = 'identity.UserDeleted' AND payload->>'userId' = $1`,
      [zoe.id],
    );
    expect(outbox.published_at).toBeInstanceOf(Date);
    expect(detaches().slice(before)).toEqual(['/v1/payment_methods/pm_card_visa/detach']);
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM payment.idempotency_keys WHERE user_id = $1',
      [zoe.id],
    );
    expect(n).toBe(0);
    expect(logs.text()).not.toMatch(/not detached/);
  });

  it('logs a refusal that is not "already gone" by the card id, and removes every card here', async () => {
    const yan = await withCard('Yan Refusedcard', [
      'pm_card_amex',
      'pm_card_mastercard',
      'pm_card_visa_debit',
    ]);
    const before = detaches().length;
    const logged = logs.lines.length;

    const refused = (status: number, message: string, code?: string) => () => ({
      status,
      body: stripeError('invalid_request_error', message, code ? { code } : {}),
    });
    server.respondOnce(
      'POST',
      /\/pm_card_amex\/detach$/,
      refused(400, 'This PaymentMethod cannot be detached right now.', 'payment_method_unexpected_state'),
    );
    server.respondOnce(
      'POST',
      /\/pm_card_mastercard\/detach$/,
      refused(404, "No such PaymentMethod: 'pm_card_mastercard'", 'resource_missing'),
    );
    server.respondOnce(
      'POST',
      /\/pm_card_visa_debit\/detach$/,
      refused(
        400,
        'The payment method you provided is not attached to a customer so detachment is impossible.',
      ),
    );
    expect((await deleteAccount(yan)).status).toBe(204);
    await drain(t);

    expect(detaches().slice(before).sort()).toEqual([
      '/v1/payment_methods/pm_card_amex/detach',
      '/v1/payment_methods/pm_card_mastercard/detach',
      '/v1/payment_methods/pm_card_visa_debit/detach',
    ]);
    expectScrubbed(await methodsOf(yan.id), ['pm_card_amex', 'pm_card_mastercard', 'pm_card_visa_debit']);

    const warnings = logs.lines.slice(logged).filter((l) => l.includes('not detached'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      'erasure: pm_card_amex not detached, gateway refused: payment_method_unexpected_state',
    );
    expect(warnings[0]).not.toContain(yan.id);
    expect(warnings[0]).not.toMatch(/Yan|Refusedcard/);
    expect(warnings[0]).not.toContain(yan.email);
  });
});
