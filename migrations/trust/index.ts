import type { MigrationInterface } from 'typeorm';
import { CreateTrust1764000001300 } from './1764000001300-create-trust';
import { TrustRetentionIndexes1764000001301 } from './1764000001301-trust-retention-indexes';

export const TRUST_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateTrust1764000001300,
  TrustRetentionIndexes1764000001301,
];
