import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PaymentErrors } from '../domain/payment.errors';
import { ConnectedAccountEntity } from '../persistence/connected-account.entity';
import type { ConnectAccountView } from './connect-accounts.service';
import { ConnectAccountsService } from './connect-accounts.service';
import { GatewayRequestError, PaymentGateway } from './gateway/payment-gateway';
import { SandboxGateway } from './gateway/sandbox-gateway';

/** The sandbox's hosted onboarding page, and the `account.updated` Stripe would send after it. */
@Injectable()
export class SandboxOnboarding {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly accounts: ConnectAccountsService,
  ) {}

  async follow(
    gatewayAccountId: string,
    link: string,
    outcome: 'complete' | 'abandon',
  ): Promise<{ account: ConnectAccountView; redirectUrl: string | null }> {
    if (!(this.gateway instanceof SandboxGateway)) throw PaymentErrors.sandboxOnly();
    let result;
    try {
      result = await this.gateway.followOnboardingLink(gatewayAccountId, link, outcome);
    } catch (error) {
      if (error instanceof GatewayRequestError) throw PaymentErrors.sandboxLinkExpired();
      throw error;
    }
    if (!result) throw PaymentErrors.sandboxAccountNotFound();
    const { account } = result;
    await this.dataSource.transaction((manager) =>
      this.accounts.applyGatewayState(manager, account, new Date()),
    );
    const row = await this.dataSource
      .getRepository(ConnectedAccountEntity)
      .findOneBy({ gatewayAccountId: account.id });
    if (!row) throw PaymentErrors.sandboxAccountNotFound();
    return { account: await this.accounts.view(row.userId), redirectUrl: result.redirectUrl || null };
  }
}
