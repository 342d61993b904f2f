import type { StubbedResponse } from './stripe-fixture-server';

type StripeObject = Record<string, unknown>;
type Form = Record<string, string>;

export interface ConnectRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  form: Form;
  /** The Stripe-Account header: a call made on behalf of a connected account. */
  stripeAccount: string | undefined;
  idempotencyKey: string | undefined;
}

const metadataOf = (form: Form) =>
  Object.fromEntries(
    Object.entries(form)
      .filter(([k]) => k.startsWith('metadata['))
      .map(([k, v]) => [k.slice(9, -1), v]),
  );

const badRequest = (message: string, code: string, param?: string): StubbedResponse => ({
  status: 400,
  body: { error: { type: 'invalid_request_error', code, message, param } },
});

const missing = (what: string, id: string): StubbedResponse => ({
  status: 404,
  body: {
    error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}: '${id}'` },
  },
});

/**
 * Stripe Connect, statefully: accounts (each new one a fresh id, onboarding state kept), account
 * links, login links, transfers with their transfer_group and reversals, payouts and the balance,
 * all built from Stripe's published fixture objects. Creations replay the first answer for a
 * repeated Idempotency-Key, as Stripe does, so a test sees what a retry would really get.
 */
export class StripeConnectFixtures {
  readonly accounts = new Map<string, StripeObject>();
  readonly transfers = new Map<string, StripeObject>();
  readonly payouts = new Map<string, StripeObject>();
  private readonly replays = new Map<string, StubbedResponse>();
  private sequence = 0;

  constructor(private readonly fixture: (resource: string) => StripeObject) {}

  /** The fixture resource a Connect route answers with (a queued answer is built from it), or null. */
  resourceFor(path: string): string | null {
    if (/^\/v1\/accounts(\/[^/]+)?$/.test(path)) return 'account';
    if (path === '/v1/account_links') return 'account_link';
    if (/^\/v1\/accounts\/[^/]+\/login_links$/.test(path)) return 'login_link';
    if (/^\/v1\/transfers\/[^/]+\/reversals$/.test(path)) return 'transfer_reversal';
    if (/^\/v1\/transfers(\/[^/]+)?$/.test(path)) return 'transfer';
    if (/^\/v1\/payouts(\/[^/]+)?$/.test(path)) return 'payout';
    if (path === '/v1/balance') return 'balance';
    return null;
  }

  /** The answer to a Connect request, or null when it is not one. */
  handle(request: ConnectRequest): StubbedResponse | null {
    if (this.resourceFor(request.path) === null) return null;
    const replayKey = request.idempotencyKey && `${request.method} ${request.path} ${request.idempotencyKey}`;
    if (request.method === 'POST' && replayKey && this.replays.has(replayKey))
      return structuredClone(this.replays.get(replayKey)!);
    const response = this.route(request);
    if (request.method === 'POST' && replayKey && response.status < 500)
      this.replays.set(replayKey, structuredClone(response));
    return response;
  }

  /** What onboarding (or a change at Stripe) did to an account: the object an account.updated webhook carries. */
  updateAccount(id: string, change: (account: StripeObject) => void): StripeObject {
    const account = this.accounts.get(id);
    if (!account) throw new Error(`no fixture account ${id}`);
    change(account);
    return structuredClone(account);
  }

  /** An account whose onboarding is complete: details submitted, charges and payouts on, nothing due. */
  completeOnboarding(id: string): StripeObject {
    return this.updateAccount(id, (account) => {
      account.details_submitted = true;
      account.charges_enabled = true;
      account.payouts_enabled = true;
      const requirements = account.requirements as StripeObject;
      requirements.currently_due = [];
      requirements.eventually_due = [];
      requirements.past_due = [];
      requirements.disabled_reason = null;
    });
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_fixture${String(this.sequence).padStart(6, '0')}`;
  }

  private route(r: ConnectRequest): StubbedResponse {
    const ok = (body: unknown): StubbedResponse => ({ status: 200, body });
    let m: RegExpMatchArray | null;
    if (r.method === 'POST' && r.path === '/v1/accounts') {
      const account = this.fixture('account');
      account.id = this.nextId('acct');
      account.type = r.form.type ?? 'express';
      account.email = r.form.email ?? null;
      account.country = r.form.country ?? account.country;
      account.metadata = metadataOf(r.form);
      account.created = Math.floor(Date.now() / 1000);
      this.accounts.set(account.id as string, account);
      return ok(account);
    }
    if ((m = r.path.match(/^\/v1\/accounts\/([^/]+)$/))) {
      const account = this.accounts.get(m[1]);
      return account ? ok(structuredClone(account)) : missing('account', m[1]);
    }
    if (r.method === 'POST' && r.path === '/v1/account_links') {
      if (!this.accounts.has(r.form.account)) return missing('account', r.form.account);
      if (!['account_onboarding', 'account_update'].includes(r.form.type))
        return badRequest('Invalid type', 'parameter_invalid_empty', 'type');
      if (!r.form.refresh_url || !r.form.return_url)
        return badRequest('Missing refresh_url or return_url', 'parameter_missing', 'return_url');
      const link = this.fixture('account_link');
      const now = Math.floor(Date.now() / 1000);
      Object.assign(link, {
        created: now,
        expires_at: now + 300,
        url: `https://connect.stripe.com/setup/e/${r.form.account}/${this.nextId('link')}`,
      });
      return ok(link);
    }
    if ((m = r.path.match(/^\/v1\/accounts\/([^/]+)\/login_links$/))) {
      const account = this.accounts.get(m[1]);
      if (!account) return missing('account', m[1]);
      if (account.details_submitted !== true)
        return badRequest(
          'Cannot create a login link for an account that has not completed onboarding.',
          'account_invalid',
        );
      const link = this.fixture('login_link');
      Object.assign(link, {
        created: Math.floor(Date.now() / 1000),
        url: `https://connect.stripe.com/express/${m[1]}/${this.nextId('login')}`,
      });
      return ok(link);
    }
    if ((m = r.path.match(/^\/v1\/transfers\/([^/]+)\/reversals$/))) return this.reverse(m[1], r);
    if (r.method === 'POST' && r.path === '/v1/transfers') return this.transfer(r);
    if (r.method === 'GET' && r.path === '/v1/transfers') {
      const group = r.query.get('transfer_group');
      const data = [...this.transfers.values()].filter((t) => !group || t.transfer_group === group);
      return ok({ object: 'list', url: '/v1/transfers', has_more: false, data: structuredClone(data) });
    }
    if ((m = r.path.match(/^\/v1\/transfers\/([^/]+)$/))) {
      const transfer = this.transfers.get(m[1]);
      return transfer ? ok(structuredClone(transfer)) : missing('transfer', m[1]);
    }
    if (r.method === 'POST' && r.path === '/v1/payouts') {
      const payout = this.fixture('payout');
      Object.assign(payout, {
        id: this.nextId('po'),
        amount: Number(r.form.amount),
        currency: r.form.currency,
        automatic: false,
        status: 'pending',
        metadata: metadataOf(r.form),
        created: Math.floor(Date.now() / 1000),
      });
      this.payouts.set(payout.id as string, { ...payout, account: r.stripeAccount ?? null });
      return ok(payout);
    }
    if (r.method === 'GET' && r.path === '/v1/payouts') {
      const data = [...this.payouts.values()]
        .filter((p) => p.account === (r.stripeAccount ?? null))
        .map(({ account: _account, ...payout }) => payout);
      return ok({ object: 'list', url: '/v1/payouts', has_more: false, data });
    }
    if (r.method === 'GET' && r.path === '/v1/balance') {
      const balance = this.fixture('balance');
      const sent = [...this.transfers.values()]
        .filter((t) => t.destination === r.stripeAccount)
        .reduce((sum, t) => sum + (t.amount as number) - (t.amount_reversed as number), 0);
      if (r.stripeAccount) (balance.available as StripeObject[])[0].amount = sent;
      return ok(balance);
    }
    return {
      status: 404,
      body: { error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } },
    };
  }

  private transfer(r: ConnectRequest): StubbedResponse {
    const amount = Number(r.form.amount);
    if (!Number.isInteger(amount) || amount <= 0)
      return badRequest('Invalid positive integer', 'parameter_invalid_integer', 'amount');
    const destination = this.accounts.get(r.form.destination);
    if (!destination) return missing('account', r.form.destination);
    if (destination.payouts_enabled !== true)
      return badRequest(
        'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
        'insufficient_capabilities_for_transfer',
        'destination',
      );
    const transfer = this.fixture('transfer');
    const id = this.nextId('tr');
    Object.assign(transfer, {
      id,
      amount,
      currency: r.form.currency,
      destination: r.form.destination,
      description: r.form.description ?? null,
      transfer_group: r.form.transfer_group ?? null,
      source_transaction: r.form.source_transaction ?? null,
      metadata: metadataOf(r.form),
      created: Math.floor(Date.now() / 1000),
      reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
    });
    this.transfers.set(id, transfer);
    return { status: 200, body: structuredClone(transfer) };
  }

  private reverse(transferId: string, r: ConnectRequest): StubbedResponse {
    const transfer = this.transfers.get(transferId);
    if (!transfer) return missing('transfer', transferId);
    const reversals = transfer.reversals as { data: StripeObject[] };
    if (r.method === 'GET')
      return {
        status: 200,
        body: { object: 'list', has_more: false, data: structuredClone(reversals.data) },
      };
    const left = (transfer.amount as number) - (transfer.amount_reversed as number);
    const amount = r.form.amount === undefined ? left : Number(r.form.amount);
    if (!Number.isInteger(amount) || amount <= 0 || amount > left)
      return badRequest(
        `Reversal of ${amount} is greater than the unreversed amount (${left})`,
        'amount_too_large',
        'amount',
      );
    const reversal = this.fixture('transfer_reversal');
    Object.assign(reversal, {
      id: this.nextId('trr'),
      amount,
      currency: transfer.currency,
      transfer: transferId,
      metadata: metadataOf(r.form),
      created: Math.floor(Date.now() / 1000),
    });
    reversals.data.push(reversal);
    transfer.amount_reversed = (transfer.amount_reversed as number) + amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    return { status: 200, body: structuredClone(reversal) };
  }
}
