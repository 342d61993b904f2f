import type { MigrationInterface } from 'typeorm';
import { CreatePayment1764000000600 } from './1764000000600-create-payment';

export const PAYMENT_MIGRATIONS: (new () => MigrationInterface)[] = [CreatePayment1764000000600];
