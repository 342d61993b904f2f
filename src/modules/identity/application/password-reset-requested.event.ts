import { defineEvent } from '../../../platform/events/integration-event';

/**
 * Someone asked for a reset link for an address, known or not. Identity's own event (not part of
 * its contract): the request writes it and answers, identity's subscriber looks the address up
 * and mails the link. The address is sealed (SecretBox, purpose PASSWORD_RESET_SEAL): the outbox
 * keeps events for days, and a list of addresses someone tried is personal data.
 */
export interface PasswordResetRequestedPayload {
  sealedEmail: string;
}

export const PasswordResetRequested = defineEvent<PasswordResetRequestedPayload>(
  'identity.PasswordResetRequested',
);

export const PASSWORD_RESET_SEAL = 'password-reset';
