import { DomainError } from '../../../platform/errors/domain-error';

export const BlockErrors = {
  /** Nothing to protect oneself from; the database refuses it too (chk_blocks_not_self). */
  cannotBlockSelf: () =>
    new DomainError('TRUST.CANNOT_BLOCK_SELF', 'validation', 'You cannot block yourself', {
      errors: [{ field: 'userId', message: 'userId must be another user' }],
    }),
  userNotFound: () => new DomainError('TRUST.USER_NOT_FOUND', 'not_found', 'User was not found'),
  invalidCursor: () =>
    new DomainError('TRUST.INVALID_CURSOR', 'validation', 'The cursor is malformed', {
      errors: [{ field: 'cursor', message: 'cursor must be a nextCursor returned by this API' }],
    }),
};
