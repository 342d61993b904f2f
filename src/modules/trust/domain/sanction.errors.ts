import { DomainError } from '../../../platform/errors/domain-error';
import type { TermViolation } from './sanction-rules';

export const SanctionErrors = {
  /** An unknown or erased account: nothing to sanction, no history to read. */
  userNotFound: () => new DomainError('TRUST.USER_NOT_FOUND', 'not_found', 'User was not found'),
  sanctionNotFound: () => new DomainError('TRUST.SANCTION_NOT_FOUND', 'not_found', 'Sanction was not found'),
  /** Nobody judges their own case, whether imposing or lifting. */
  cannotSanctionSelf: (field: 'userId' | 'sanctionId') =>
    new DomainError(
      'TRUST.CANNOT_SANCTION_SELF',
      'validation',
      'You cannot sanction yourself or lift your own sanction',
      {
        errors: [{ field, message: `${field} must concern another user` }],
      },
    ),
  /**
   * Admins are not suspended or banned while they hold the role: one admin could otherwise lock the
   * others out (and a banned admin's token still acts for minutes). Revoke the role first, where
   * the last admin is protected.
   */
  targetIsAdmin: () =>
    new DomainError(
      'TRUST.SANCTION_TARGET_IS_ADMIN',
      'conflict',
      'Admins cannot be suspended or banned: revoke their admin role first',
    ),
  invalidTerm: (violations: TermViolation[]) =>
    new DomainError('TRUST.INVALID_SANCTION_TERM', 'validation', violations[0].message, {
      errors: violations,
    }),
  /** A warning restricts nothing; a suspension that ended or a lifted sanction has nothing left to lift. */
  notStanding: (why: 'warning' | 'ended' | 'lifted') =>
    new DomainError(
      'TRUST.SANCTION_NOT_STANDING',
      'conflict',
      why === 'warning'
        ? 'A warning restricts nothing and cannot be lifted'
        : why === 'ended'
          ? 'This suspension has already ended'
          : 'This sanction was already lifted',
    ),
  invalidCursor: () =>
    new DomainError('TRUST.INVALID_CURSOR', 'validation', 'The cursor is malformed', {
      errors: [{ field: 'cursor', message: 'cursor must be a nextCursor returned by this API' }],
    }),
};
