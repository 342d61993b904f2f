import type { MigrationInterface } from 'typeorm';
import { CreatePayment1764000000600 } from './1764000000600-create-payment';
import { PaymentRetentionIndexes1764000000904 } from './1764000000904-payment-retention-indexes';
import { PaymentPersonalDataIndexes1764000001050 } from './1764000001050-personal-data-indexes';
import { PaymentConnectedAccounts1764000001600 } from './1764000001600-connected-accounts';
import { PaymentOwnerPayouts1764000001601 } from './1764000001601-owner-payouts';
import { PaymentDisputes1764000001900 } from './1764000001900-disputes';
import { PaymentDepositRenewals1764000001901 } from './1764000001901-deposit-renewals';
import { PaymentReconciliation1764000001902 } from './1764000001902-reconciliation';
import { PaymentClaimsAndRefunds1764000002000 } from './1764000002000-claims-and-refunds';

export const PAYMENT_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreatePayment1764000000600,
  PaymentRetentionIndexes1764000000904,
  PaymentPersonalDataIndexes1764000001050,
  PaymentConnectedAccounts1764000001600,
  PaymentOwnerPayouts1764000001601,
  PaymentDisputes1764000001900,
  PaymentDepositRenewals1764000001901,
  PaymentReconciliation1764000001902,
  PaymentClaimsAndRefunds1764000002000,
];
