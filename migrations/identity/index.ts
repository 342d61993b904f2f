import type { MigrationInterface } from 'typeorm';
import { CreateIdentity1764000000100 } from './1764000000100-create-identity';
import { IdentityEvents1764000001000 } from './1764000001000-identity-events';
import { IdentityRetentionIndexes1764000001001 } from './1764000001001-identity-retention-indexes';
import { AccountRecovery1764000001010 } from './1764000001010-account-recovery';
import { SessionsAndMfa1764000001020 } from './1764000001020-sessions-and-mfa';
import { AccountDeletion1764000001030 } from './1764000001030-account-deletion';
import { DataExports1764000001040 } from './1764000001040-data-exports';
import { AvatarUploads1764000001210 } from './1764000001210-avatar-uploads';
import { AccountSuspensions1764000001310 } from './1764000001310-account-suspensions';

export const IDENTITY_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateIdentity1764000000100,
  IdentityEvents1764000001000,
  IdentityRetentionIndexes1764000001001,
  AccountRecovery1764000001010,
  SessionsAndMfa1764000001020,
  AccountDeletion1764000001030,
  DataExports1764000001040,
  AvatarUploads1764000001210,
  AccountSuspensions1764000001310,
];
