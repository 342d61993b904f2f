import {
  confirmEmailChangeTemplate,
  emailChangedTemplate,
  emailChangeRequestedTemplate,
  verifyEmailTemplate,
} from './email-address-templates';
import { passwordChangedTemplate, passwordResetTemplate } from './password-templates';

/** Every email identity sends, and the data each one needs. */
export const IDENTITY_MAIL_TEMPLATES = {
  'identity.verify-email': { template: verifyEmailTemplate, data: ['displayName', 'link'] },
  'identity.confirm-email-change': {
    template: confirmEmailChangeTemplate,
    data: ['displayName', 'link', 'newEmail'],
  },
  'identity.email-change-requested': {
    template: emailChangeRequestedTemplate,
    data: ['displayName', 'newEmail'],
  },
  'identity.email-changed': { template: emailChangedTemplate, data: ['displayName', 'newEmail'] },
  'identity.password-reset': { template: passwordResetTemplate, data: ['displayName', 'link'] },
  'identity.password-changed': { template: passwordChangedTemplate, data: ['displayName'] },
} as const;

export type IdentityMailTemplate = keyof typeof IDENTITY_MAIL_TEMPLATES;
