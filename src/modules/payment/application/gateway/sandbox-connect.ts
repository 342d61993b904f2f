import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type {
  CreateTransferInput,
  GatewayAccount,
  GatewayLink,
  GatewayTransfer,
  GatewayTransferReversal,
} from './payment-gateway';
import { GatewayRequestError } from './payment-gateway';
import type { SandboxStore } from './sandbox-store';

/** The sandbox's Express account, shaped like Stripe's (the fields we use). */
interface SandboxAccount {
  id: string;
  metadata: Record<string, string>;
  details_submitted: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  requirements: { currently_due: string[]; disabled_reason: string | null };
}

interface SandboxAccountLink {
  id: string;
  account: string;
  secret: string;
  type: 'account_onboarding' | 'account_update';
  refresh_url: string;
  return_url: string;
  expires_at: number;
  used: boolean;
}

interface SandboxTransfer {
  id: string;
  amount: number;
  amount_reversed: number;
  currency: string;
  destination: string;
  transfer_group: string;
  metadata: Record<string, string>;
}

export const SANDBOX_CONNECT_PATH = '/api/v1/payment/sandbox/connect/accounts';
/** What a new Express account must provide, as Stripe lists it. */
const ONBOARDING_REQUIREMENTS = [
  'business_type',
  'external_account',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];
const LINK_LIFETIME_SECONDS = 300;

const newId = (prefix: string) => `${prefix}_sb_${randomBytes(12).toString('hex')}`;
const sameSecret = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface SandboxOnboardingResult {
  account: GatewayAccount;
  /** Where the provider sends the owner back: the return URL, or the refresh URL when abandoned. */
  redirectUrl: string;
}

/**
 * Stripe Connect, as the sandbox plays it: Express accounts that start with requirements due, an
 * onboarding link that leads to the sandbox's own page (POST it with `complete` and the account
 * can receive payouts, as if the owner had filled Stripe's form), login links, and transfers to
 * accounts that can receive them.
 */
export class SandboxConnect {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: SandboxStore,
  ) {}

  createAccount(input: { userId: string; idempotencyKey: string }): Promise<GatewayAccount> {
    return this.store.idempotent(input.idempotencyKey, 'accounts.create', input, async (m) => {
      const account: SandboxAccount = {
        id: newId('acct'),
        metadata: { userId: input.userId },
        details_submitted: false,
        charges_enabled: false,
        payouts_enabled: false,
        requirements: {
          currently_due: [...ONBOARDING_REQUIREMENTS],
          disabled_reason: 'requirements.past_due',
        },
      };
      await this.store.save(m, 'account', account.id, account);
      return toGatewayAccount(account);
    });
  }

  async retrieveAccount(id: string): Promise<GatewayAccount> {
    return toGatewayAccount(await this.account(id));
  }

  async createLink(
    accountId: string,
    type: SandboxAccountLink['type'],
    urls: { refreshUrl: string; returnUrl: string },
  ): Promise<GatewayLink> {
    const account = await this.account(accountId);
    if (type === 'account_update' && !account.details_submitted)
      throw new GatewayRequestError(
        'account_invalid',
        'Cannot create a login link for an account that has not completed onboarding.',
      );
    const link: SandboxAccountLink = {
      id: newId('acctlink'),
      account: accountId,
      secret: randomBytes(18).toString('base64url'),
      type,
      refresh_url: urls.refreshUrl,
      return_url: urls.returnUrl,
      expires_at: Math.floor(Date.now() / 1000) + LINK_LIFETIME_SECONDS,
      used: false,
    };
    await this.store.save(this.dataSource.manager, 'account_link', link.id, link);
    return {
      url: `${SANDBOX_CONNECT_PATH}/${accountId}/onboarding?link=${link.id}.${link.secret}`,
      expiresAt: new Date(link.expires_at * 1000),
    };
  }

  /**
   * The sandbox's hosted onboarding page: `complete` fills in what was due (details submitted,
   * charges and payouts enabled), `abandon` leaves the account as it was. A link works once and
   * for five minutes, as Stripe's do. Null when the link is not this account's (or not a link).
   */
  follow(
    accountId: string,
    link: string,
    outcome: 'complete' | 'abandon',
  ): Promise<SandboxOnboardingResult | null> {
    const [linkId, secret] = link.split('.');
    return this.dataSource.transaction(async (m) => {
      const stored =
        linkId && secret ? await this.store.load<SandboxAccountLink>(m, 'account_link', linkId, true) : null;
      if (!stored || stored.account !== accountId || !sameSecret(stored.secret, secret)) return null;
      if (stored.used || stored.expires_at < Date.now() / 1000)
        throw new GatewayRequestError(
          'account_link_expired',
          'This link has expired or was used: ask for a new one',
        );
      await this.store.save(m, 'account_link', stored.id, { ...stored, used: true });
      const account = await this.store.load<SandboxAccount>(m, 'account', accountId, true);
      if (!account) return null;
      if (outcome === 'complete') {
        Object.assign(account, { details_submitted: true, charges_enabled: true, payouts_enabled: true });
        account.requirements = { currently_due: [], disabled_reason: null };
        await this.store.save(m, 'account', account.id, account);
      }
      return {
        account: toGatewayAccount(account),
        redirectUrl: outcome === 'complete' ? stored.return_url : stored.refresh_url,
      };
    });
  }

  createTransfer(input: CreateTransferInput): Promise<GatewayTransfer> {
    return this.store.idempotent(input.idempotencyKey, 'transfers.create', input, async (m) => {
      const destination = await this.store.load<SandboxAccount>(m, 'account', input.destination);
      if (!destination)
        throw new GatewayRequestError('resource_missing', `No such account: '${input.destination}'`);
      if (!destination.payouts_enabled)
        throw new GatewayRequestError(
          'insufficient_capabilities_for_transfer',
          'The destination account cannot receive transfers yet (onboarding incomplete)',
        );
      if (input.amount <= 0) throw new GatewayRequestError('parameter_invalid_integer', 'Invalid amount');
      const transfer: SandboxTransfer = {
        id: newId('tr'),
        amount: input.amount,
        amount_reversed: 0,
        currency: input.currency.toLowerCase(),
        destination: input.destination,
        transfer_group: input.transferGroup,
        metadata: input.metadata,
      };
      await this.store.save(m, 'transfer', transfer.id, transfer);
      return toGatewayTransfer(transfer);
    });
  }

  reverseTransfer(
    transferId: string,
    input: { amount: number; idempotencyKey: string },
  ): Promise<GatewayTransferReversal> {
    return this.store.idempotent(
      input.idempotencyKey,
      'transfers.reversals.create',
      { transferId, ...input },
      async (m) => {
        const transfer = await this.store.load<SandboxTransfer>(m, 'transfer', transferId, true);
        if (!transfer) throw new GatewayRequestError('resource_missing', `No such transfer: '${transferId}'`);
        const left = transfer.amount - transfer.amount_reversed;
        if (input.amount <= 0 || input.amount > left)
          throw new GatewayRequestError(
            'amount_too_large',
            `Reversal of ${input.amount} is greater than ${left}`,
          );
        transfer.amount_reversed += input.amount;
        await this.store.save(m, 'transfer', transfer.id, transfer);
        return { id: newId('trr'), transferId, amount: input.amount };
      },
    );
  }

  async listTransfers(transferGroup: string): Promise<GatewayTransfer[]> {
    const rows: { data: SandboxTransfer }[] = await this.dataSource.query(
      `SELECT data FROM payment.sandbox_objects WHERE type = 'transfer' AND data->>'transfer_group' = $1
       ORDER BY created_at`,
      [transferGroup],
    );
    return rows.map((r) => toGatewayTransfer(r.data));
  }

  private async account(id: string): Promise<SandboxAccount> {
    const account = await this.store.load<SandboxAccount>(this.dataSource.manager, 'account', id);
    if (!account) throw new GatewayRequestError('resource_missing', `No such account: '${id}'`);
    return account;
  }
}

function toGatewayAccount(account: SandboxAccount): GatewayAccount {
  return {
    id: account.id,
    detailsSubmitted: account.details_submitted,
    chargesEnabled: account.charges_enabled,
    payoutsEnabled: account.payouts_enabled,
    requirementsDue: account.requirements.currently_due,
    disabledReason: account.requirements.disabled_reason,
  };
}

function toGatewayTransfer(transfer: SandboxTransfer): GatewayTransfer {
  return {
    id: transfer.id,
    amount: transfer.amount,
    amountReversed: transfer.amount_reversed,
    currency: transfer.currency.toUpperCase(),
    destination: transfer.destination,
    transferGroup: transfer.transfer_group,
  };
}
