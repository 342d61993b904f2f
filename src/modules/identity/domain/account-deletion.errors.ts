import { DomainError } from '../../../platform/errors/domain-error';
import type { ErasureBlocker } from '../../../platform/privacy/personal-data';

export const AccountDeletionErrors = {
  /** An erased account's access token, still unexpired: it authenticates nobody any more. */
  accountClosed: () =>
    new DomainError('IDENTITY.ACCOUNT_CLOSED', 'unauthenticated', 'This account was deleted'),
  /** `blockers` is the problem's extension member: what stands in the way, per context. */
  erasureBlocked: (blockers: ErasureBlocker[]) =>
    new DomainError(
      'IDENTITY.ERASURE_BLOCKED',
      'conflict',
      'The account cannot be deleted yet: finish or settle what `blockers` lists first',
      { blockers },
    ),
};
