import { DomainError } from '../../../platform/errors/domain-error';

/**
 * Second-factor errors. A refused code is a 401 where it completes a sign-in (the caller is not
 * authenticated yet) and a 403 on the account's own routes (authenticated, but not allowed this).
 */
export const MfaErrors = {
  alreadyEnabled: () =>
    new DomainError(
      'IDENTITY.MFA_ALREADY_ENABLED',
      'conflict',
      'Two-step verification is already on; turn it off before enrolling again',
    ),
  notEnabled: () =>
    new DomainError(
      'IDENTITY.MFA_NOT_ENABLED',
      'conflict',
      'Two-step verification is not on for this account',
    ),
  noPendingEnrolment: () =>
    new DomainError(
      'IDENTITY.MFA_NOT_ENABLED',
      'conflict',
      'There is no enrolment to confirm; start one with POST /account/mfa/totp',
    ),
  codeRefused: () =>
    new DomainError('IDENTITY.MFA_CODE_INVALID', 'forbidden', 'The code is wrong, expired or already used'),
  codeRefusedAtLogin: () =>
    new DomainError(
      'IDENTITY.MFA_CODE_INVALID',
      'unauthenticated',
      'The code is wrong, expired or already used',
    ),
  challengeInvalid: () =>
    new DomainError(
      'IDENTITY.MFA_CHALLENGE_INVALID',
      'unauthenticated',
      'The sign-in challenge is unknown or already used; sign in again',
    ),
  challengeExpired: () =>
    new DomainError(
      'IDENTITY.MFA_CHALLENGE_EXPIRED',
      'unauthenticated',
      'The sign-in challenge expired; sign in again',
    ),
  proofMissing: () =>
    new DomainError('IDENTITY.MFA_PROOF_REQUIRED', 'validation', 'Send either code or recoveryCode', {
      errors: [{ field: 'code', message: 'either code or recoveryCode is required' }],
    }),
};
