import { DomainError } from '../../../platform/errors/domain-error';

export const IdentityErrors = {
  emailTaken: () =>
    new DomainError('IDENTITY.EMAIL_TAKEN', 'conflict', 'An account with this email already exists'),
  invalidCredentials: () =>
    new DomainError('IDENTITY.INVALID_CREDENTIALS', 'unauthenticated', 'The email or password is incorrect'),
  invalidRefreshToken: () =>
    new DomainError(
      'IDENTITY.INVALID_REFRESH_TOKEN',
      'unauthenticated',
      'The refresh token is invalid or expired',
    ),
  refreshTokenReused: () =>
    new DomainError(
      'IDENTITY.REFRESH_TOKEN_REUSED',
      'unauthenticated',
      'This refresh token was already used; every session of its family has been signed out',
    ),
  weakPassword: (messages: string[]) =>
    new DomainError('IDENTITY.WEAK_PASSWORD', 'validation', 'The password does not meet the policy', {
      errors: messages.map((message) => ({ field: 'password', message })),
    }),
  userNotFound: () => new DomainError('IDENTITY.USER_NOT_FOUND', 'not_found', 'User was not found'),
  /** Only ever after the right password: whoever lacks it learns nothing about the account. */
  accountSuspended: (until: Date | null) =>
    new DomainError(
      'IDENTITY.ACCOUNT_SUSPENDED',
      'forbidden',
      until
        ? 'This account is suspended; you can sign in again once the suspension ends'
        : 'This account is banned',
      { until: until?.toISOString() ?? null },
    ),
};
