import { DomainError } from '../../../platform/errors/domain-error';

/** Where an unverified user asks for a new verification email: named in the 403 so clients can offer it. */
export const RESEND_VERIFICATION_PATH = '/api/v1/account/email-verification';

export const AccountRecoveryErrors = {
  tokenInvalid: () =>
    new DomainError(
      'IDENTITY.TOKEN_INVALID',
      'bad_request',
      'This link is not valid (unknown, replaced by a newer one, or meant for something else)',
    ),
  tokenExpired: () =>
    new DomainError('IDENTITY.TOKEN_EXPIRED', 'gone', 'This link has expired; ask for a new one'),
  tokenUsed: () => new DomainError('IDENTITY.TOKEN_USED', 'gone', 'This link was already used'),
  emailAlreadyVerified: () =>
    new DomainError('IDENTITY.EMAIL_ALREADY_VERIFIED', 'conflict', 'This email address is already verified'),
  emailUnchanged: () =>
    new DomainError('IDENTITY.EMAIL_UNCHANGED', 'validation', 'The new email is the current one', {
      errors: [{ field: 'newEmail', message: 'newEmail must differ from the current email' }],
    }),
  currentPasswordWrong: () =>
    new DomainError('IDENTITY.CURRENT_PASSWORD_WRONG', 'forbidden', 'The current password is incorrect'),
  /** The signup policy's violations, named on the field this request calls newPassword. */
  weakNewPassword: (messages: string[]) =>
    new DomainError('IDENTITY.WEAK_PASSWORD', 'validation', 'The password does not meet the policy', {
      errors: messages.map((message) => ({ field: 'newPassword', message })),
    }),
  emailNotVerified: () =>
    new DomainError(
      'IDENTITY.EMAIL_NOT_VERIFIED',
      'forbidden',
      'Verify your email address first; you can ask for a new verification email',
      { resend: RESEND_VERIFICATION_PATH },
    ),
};
