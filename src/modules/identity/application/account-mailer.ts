import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { toMailLocale } from '../../../platform/mail/mail-template';
import { MailRequests } from '../../../platform/mail/mail-requests';
import type { IdentityMailTemplate } from './mail/identity-mail-templates';

/** Who a mail is about: enough to address and greet them in their language. */
export interface MailRecipient {
  userId: string;
  email: string;
  displayName: string;
  locale: string;
}

/** The links of identity's emails point at the web app, which posts the token back to the API. */
export type LinkPage = 'verify-email' | 'reset-password';

/**
 * Asks for identity's emails, inside the caller's transaction (through identity's outbox): no mail
 * for a change that rolled back, and no request waits on SMTP.
 */
@Injectable()
export class AccountMailer {
  constructor(
    private readonly mail: MailRequests,
    private readonly config: AppConfig,
  ) {}

  link(page: LinkPage, token: string): string {
    const base = this.config.PUBLIC_WEB_URL.replace(/\/+$/, '');
    return `${base}/${page}?token=${encodeURIComponent(token)}`;
  }

  /** `to` defaults to the recipient's address (notices about an email change go elsewhere). */
  async send(
    manager: EntityManager,
    template: IdentityMailTemplate,
    recipient: MailRecipient,
    data: Record<string, string> = {},
    to: string = recipient.email,
  ): Promise<void> {
    await this.mail.request(manager, 'identity', {
      userId: recipient.userId,
      to,
      locale: toMailLocale(recipient.locale),
      template,
      data: { displayName: recipient.displayName, ...data },
    });
  }
}
