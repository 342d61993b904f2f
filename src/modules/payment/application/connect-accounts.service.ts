import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { PayoutReadiness } from '../../rental';
import { PaymentErrors } from '../domain/payment.errors';
import { ConnectedAccountEntity } from '../persistence/connected-account.entity';
import { affectedRows } from '../persistence/sql-result';
import type { GatewayAccount, GatewayLink } from './gateway/payment-gateway';
import { GatewayRequestError, GatewayUnavailableError, PaymentGateway } from './gateway/payment-gateway';
import { PaymentSettings } from './payment-settings';

export interface ConnectAccountView {
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  requirementsDue: string[];
  disabledReason: string | null;
  /** What the owner does next: `onboarding` until payouts are enabled, then `none`. */
  nextStep: 'onboarding' | 'none';
  createdAt: Date;
  updatedAt: Date;
}

/** Where the gateway's hosted pages send the owner back (the web app's payout settings). */
export const ONBOARDING_RETURN_PATH = '/account/payouts/onboarding/return';
export const ONBOARDING_REFRESH_PATH = '/account/payouts/onboarding/refresh';
const MAX_REQUIREMENTS = 100;

/**
 * Owners' connected accounts (Stripe Connect Express): created once per owner, onboarded through
 * the gateway's hosted pages, their state kept as the gateway last told it. Also rental's
 * PayoutReadiness port: an owner can be paid once their account's payouts are enabled.
 */
@Injectable()
export class ConnectAccountsService extends PayoutReadiness {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly settings: PaymentSettings,
  ) {
    super();
  }

  async canReceivePayouts(ownerId: string): Promise<boolean> {
    const account = await this.dataSource
      .getRepository(ConnectedAccountEntity)
      .findOneBy({ userId: ownerId });
    return account?.payoutsEnabled === true;
  }

  /**
   * The owner's account, created at the gateway on the first call. Concurrent first calls send the
   * same idempotency key, so the gateway makes one account, and the row is inserted once.
   */
  async ensure(userId: string): Promise<{ view: ConnectAccountView; created: boolean }> {
    const repo = this.dataSource.getRepository(ConnectedAccountEntity);
    const existing = await repo.findOneBy({ userId });
    if (existing) return { view: toView(existing), created: false };
    const account = await this.gatewayCall(() =>
      this.gateway.createConnectedAccount({ userId, idempotencyKey: `connect-account-${userId}` }),
    );
    const inserted = await this.dataSource.query(
      `INSERT INTO payment.connected_accounts (user_id, gateway_account_id, details_submitted, charges_enabled,
         payouts_enabled, requirements_due, disabled_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING user_id`,
      [
        userId,
        account.id,
        account.detailsSubmitted,
        account.chargesEnabled,
        account.payoutsEnabled,
        account.requirementsDue.slice(0, MAX_REQUIREMENTS),
        account.disabledReason,
      ],
    );
    const row = await repo.findOneByOrFail({ userId });
    return { view: toView(row), created: affectedRows(inserted) > 0 };
  }

  async view(userId: string): Promise<ConnectAccountView> {
    return toView(await this.account(userId));
  }

  /** A fresh hosted-onboarding link (they are single-use and short-lived); creates the account if needed. */
  async onboardingLink(userId: string): Promise<GatewayLink> {
    await this.ensure(userId);
    const account = await this.account(userId);
    const base = this.settings.PUBLIC_WEB_URL;
    return this.gatewayCall(() =>
      this.gateway.createOnboardingLink({
        accountId: account.gatewayAccountId,
        refreshUrl: `${base}${ONBOARDING_REFRESH_PATH}`,
        returnUrl: `${base}${ONBOARDING_RETURN_PATH}`,
      }),
    );
  }

  async dashboardLink(userId: string): Promise<GatewayLink> {
    const account = await this.account(userId);
    if (!account.detailsSubmitted) throw PaymentErrors.connectOnboardingIncomplete();
    return this.gatewayCall(() => this.gateway.createDashboardLink(account.gatewayAccountId));
  }

  /**
   * Records what the gateway says of an account (an `account.updated` webhook, the sandbox's
   * onboarding page), unless it already recorded something it said later. False when the account
   * is not one of ours, or the word is older than what is stored.
   */
  async applyGatewayState(
    manager: EntityManager,
    account: GatewayAccount,
    observedAt: Date,
  ): Promise<boolean> {
    const rows = await manager.query(
      `UPDATE payment.connected_accounts SET details_submitted = $2, charges_enabled = $3, payouts_enabled = $4,
         requirements_due = $5, disabled_reason = $6, state_observed_at = $7, updated_at = now()
       WHERE gateway_account_id = $1 AND (state_observed_at IS NULL OR state_observed_at <= $7)
       RETURNING user_id`,
      [
        account.id,
        account.detailsSubmitted,
        account.chargesEnabled,
        account.payoutsEnabled,
        account.requirementsDue.slice(0, MAX_REQUIREMENTS),
        account.disabledReason,
        observedAt,
      ],
    );
    return affectedRows(rows) > 0;
  }

  private async account(userId: string): Promise<ConnectedAccountEntity> {
    const account = await this.dataSource.getRepository(ConnectedAccountEntity).findOneBy({ userId });
    if (!account) throw PaymentErrors.connectAccountNotFound();
    return account;
  }

  private async gatewayCall<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof GatewayUnavailableError) throw PaymentErrors.gatewayUnavailable(error.message);
      if (error instanceof GatewayRequestError) throw PaymentErrors.gatewayRefused(error.message);
      throw error;
    }
  }
}

function toView(account: ConnectedAccountEntity): ConnectAccountView {
  return {
    detailsSubmitted: account.detailsSubmitted,
    chargesEnabled: account.chargesEnabled,
    payoutsEnabled: account.payoutsEnabled,
    requirementsDue: account.requirementsDue,
    disabledReason: account.disabledReason,
    nextStep: account.payoutsEnabled ? 'none' : 'onboarding',
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}
