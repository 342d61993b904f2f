import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SecretBox } from '../crypto/secret-box';
import { EventBus } from '../events/event-bus';
import type { IntegrationEvent } from '../events/integration-event';
import { MailDispatcher } from './mail-dispatcher';
import { MailRenderer } from './mail-renderer';
import type { MailRequestedPayload } from './mail-requested.event';
import { MailRequested } from './mail-requested.event';
import { MAIL_SEAL_PURPOSE } from './mail-requests';
import { messageIdFor } from './mail-text';

export const MAIL_INBOX = 'mail';
export const MAIL_INTAKE = 'mail.intake';

interface Sealed {
  to: string;
  data: Record<string, unknown>;
  /** Absent in requests sealed before headers existed. */
  headers?: Record<string, string>;
}

/**
 * Turns MailRequested events into rows of mail.messages, in the relay's transaction with the inbox
 * row, so an event becomes exactly one message (the unique event_id also holds if the inbox row
 * went away). It never talks SMTP: the relay delivers one outbox in order and a slow or failing
 * subscriber would hold every later event of that context. An unknown template or a seal that does
 * not open throws, so the relay keeps the event with its error for an operator.
 * Without SMTP_URL a message is `stored`: that is the development mailbox.
 */
@Injectable()
export class MailIntake implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly box: SecretBox,
    private readonly renderer: MailRenderer,
    private readonly dispatcher: MailDispatcher,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(MailRequested, {
      // In a split every process takes in the mail its own contexts asked for (their templates are
      // registered there), each under its own name in the inbox.
      name: this.config.perProcess(MAIL_INTAKE),
      inbox: MAIL_INBOX,
      handle: (event, manager) => this.handle(event, manager),
    });
  }

  async handle(event: IntegrationEvent<MailRequestedPayload>, manager: EntityManager): Promise<void> {
    const { userId, template, locale, sealed, aboutUserIds = [] } = event.payload;
    if (this.config.isSplit && !this.renderer.knows(template)) return; // another process's mail
    const { to, data, headers } = JSON.parse(this.box.open(MAIL_SEAL_PURPOSE, sealed)) as Sealed;
    const mail = this.renderer.render(template, locale, data);
    const smtp = Boolean(this.config.SMTP_URL);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO mail.messages (id, event_id, user_id, template, locale, recipient, subject, text_body,
         html_body, message_id, status, next_attempt_at, headers, about_user_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $11 = 'pending' THEN now() END, $12,
         $13::uuid[])
       ON CONFLICT (event_id) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        event.id,
        userId,
        template,
        mail.locale,
        to,
        mail.subject,
        mail.text,
        mail.html,
        messageIdFor(event.id, this.config.MAIL_FROM),
        smtp ? 'pending' : 'stored',
        headers && Object.keys(headers).length > 0 ? JSON.stringify(headers) : null,
        aboutUserIds,
      ],
    );
    if (smtp && inserted.length > 0) this.dispatcher.wake();
  }
}
