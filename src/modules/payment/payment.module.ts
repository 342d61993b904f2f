import { Global, Module } from '@nestjs/common';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { AppConfig } from '../../platform/config/app-config';
import { ConnectAccountsService } from './application/connect-accounts.service';
import { CustomersService } from './application/customers.service';
import { LedgerWriter } from './application/ledger-writer';
import { OwnerPayouts } from './application/owner-payouts';
import { PayoutHolds } from './application/payout-holds';
import { PayoutJobs } from './application/payout-jobs';
import { PayoutQueries } from './application/payout-queries.service';
import { gatewayProvider } from './application/gateway/gateway.provider';
import { IntentCommands } from './application/intent-commands';
import { IntentReconciler } from './application/intent-reconciler';
import { IntentRecorder } from './application/intent-recorder';
import { PaymentApiService } from './application/payment-api.service';
import { PaymentIntentsService } from './application/payment-intents.service';
import { PaymentJobs } from './application/payment-jobs';
import { PaymentMethodsService } from './application/payment-methods.service';
import { loadPaymentSettings, PaymentSettings } from './application/payment-settings';
import { RentalPaymentsHandler } from './application/rental-payments.handler';
import { SandboxAuthentication } from './application/sandbox-authentication';
import { SandboxOnboarding } from './application/sandbox-onboarding';
import { WebhookService } from './application/webhook.service';
import { PaymentErasureBlockers } from './application/erasure-blockers';
import { PaymentUserErasureHandler } from './application/user-erasure.handler';
import { PaymentPersonalDataExport } from './application/personal-data-export';
import { PayoutReadiness } from '../rental';
import { PaymentApi } from './contracts/payment-api';
import { ConnectController } from './http/connect.controller';
import { PaymentIntentsController } from './http/payment-intents.controller';
import { PayoutsController } from './http/payouts.controller';
import { PaymentMethodsController } from './http/payment-methods.controller';
import { SandboxConnectController } from './http/sandbox-connect.controller';
import { SandboxController } from './http/sandbox.controller';
import { WebhookRawBody } from './http/webhook-raw-body';
import { WebhooksController } from './http/webhooks.controller';
import { ConnectedAccountEntity } from './persistence/connected-account.entity';
import { PayoutHoldEntity } from './persistence/payout-hold.entity';
import { PayoutEntity } from './persistence/payout.entity';
import { CustomerEntity } from './persistence/customer.entity';
import { GatewayOperationEntity } from './persistence/gateway-operation.entity';
import { LedgerEntryEntity } from './persistence/ledger-entry.entity';
import { PaymentIntentEntity } from './persistence/payment-intent.entity';
import { PaymentLegEntity } from './persistence/payment-leg.entity';
import { PaymentMethodEntity } from './persistence/payment-method.entity';
import { WebhookEventEntity } from './persistence/webhook-event.entity';
import { AdminDisputesService } from './application/admin-disputes.service';
import { DisputeRecorder } from './application/dispute-recorder';
import { DepositHolds } from './application/deposit-holds';
import { DepositRenewalJob } from './application/deposit-renewal.job';
import { DepositRenewalRecorder } from './application/deposit-renewal-recorder';
import { DepositRenewals } from './application/deposit-renewals';
import { DepositRenewalEntity } from './persistence/deposit-renewal.entity';
import { GatewayReconciliation } from './application/gateway-reconciliation';
import { ReconciliationJob } from './application/reconciliation.job';
import { ReconciliationSubjectEntity } from './persistence/reconciliation-subject.entity';
import { SandboxDisputesService } from './application/sandbox-disputes.service';
import { AdminDisputesController } from './http/admin-disputes.controller';
import { SandboxDisputesController } from './http/sandbox-disputes.controller';
import { DisputeEntity } from './persistence/dispute.entity';
import { DisputeEvidenceEntity } from './persistence/dispute-evidence.entity';
import { DisputeStatusChangeEntity } from './persistence/dispute-status-change.entity';
import { AdminRefundsService } from './application/admin-refunds.service';
import { ClaimList } from './application/claim-list';
import { ClaimsService } from './application/claims.service';
import { AdminClaimsController } from './http/admin-claims.controller';
import { AdminRefundsController } from './http/admin-refunds.controller';
import { ClaimsController } from './http/claims.controller';
import { ClaimEntity } from './persistence/claim.entity';
import { ClaimStatusChangeEntity } from './persistence/claim-status-change.entity';
import { RefundEntity } from './persistence/refund.entity';

const entities = [
  CustomerEntity,
  PaymentMethodEntity,
  PaymentIntentEntity,
  PaymentLegEntity,
  GatewayOperationEntity,
  LedgerEntryEntity,
  WebhookEventEntity,
  ConnectedAccountEntity,
  PayoutEntity,
  PayoutHoldEntity,
  DisputeEntity,
  DisputeStatusChangeEntity,
  DisputeEvidenceEntity,
  DepositRenewalEntity,
  ReconciliationSubjectEntity,
  ClaimEntity,
  ClaimStatusChangeEntity,
  RefundEntity,
];
const settings = { provide: PaymentSettings, inject: [AppConfig], useFactory: loadPaymentSettings };
const useCases = [PaymentMethodsService, PaymentIntentsService, WebhookService, SandboxAuthentication];
const payouts = [
  ConnectAccountsService,
  SandboxOnboarding,
  LedgerWriter,
  OwnerPayouts,
  PayoutHolds,
  PayoutJobs,
  PayoutQueries,
];
// Plugs owners' payout readiness into rental's own port, so rental never imports this context.
const payoutReadiness = { provide: PayoutReadiness, useExisting: ConnectAccountsService };
const moneyPath = [
  IntentCommands,
  IntentRecorder,
  IntentReconciler,
  CustomersService,
  RentalPaymentsHandler,
  PaymentJobs,
];
// Card disputes (#15 item 7).
const disputes = [DisputeRecorder, AdminDisputesService, SandboxDisputesService];
// Long rentals: deposit holds renewed before the authorization lapses (#15 item 6).
const depositRenewals = [DepositHolds, DepositRenewalRecorder, DepositRenewals, DepositRenewalJob];
// Our records against the gateway's, reported as drift, never fixed silently.
const reconciliation = [GatewayReconciliation, ReconciliationJob];
// Damage claims against deposits (#15 item 5) and admin refunds (#15 item 8).
const claimsAndRefunds = [ClaimsService, ClaimList, AdminRefundsService];
const personalDataExport = [PaymentPersonalDataExport];
const erasure = [PaymentErasureBlockers, PaymentUserErasureHandler];
const publicApi = { provide: PaymentApi, useClass: PaymentApiService };

// Global: other contexts inject the exported public API (the only export) without importing this
// module, so contexts depend on each other's contracts alone and never form module cycles.
@Global()
@Module({
  imports: [ContextDatabaseModule.forContext('payment', entities)],
  controllers: [
    PaymentMethodsController,
    PaymentIntentsController,
    WebhooksController,
    SandboxController,
    ConnectController,
    PayoutsController,
    SandboxConnectController,
    AdminDisputesController,
    SandboxDisputesController,
    ClaimsController,
    AdminClaimsController,
    AdminRefundsController,
  ],
  providers: [
    ...personalDataExport,
    settings,
    gatewayProvider,
    ...useCases,
    ...moneyPath,
    ...payouts,
    ...disputes,
    ...depositRenewals,
    ...reconciliation,
    ...claimsAndRefunds,
    payoutReadiness,
    ...erasure,
    WebhookRawBody,
    publicApi,
  ],
  exports: [PaymentApi, PayoutReadiness],
})
export class PaymentModule {}
