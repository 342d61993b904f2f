import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { decodeKeysetCursor, encodeKeysetCursor, keysetTimestamp } from '../http/keyset-cursor';
import { extractLinks } from './mail-text';

export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  template: string;
  locale: string;
  createdAt: string;
  links: string[];
}

export interface MailboxPage {
  items: MailboxMessage[];
  nextCursor: string | null;
}

interface MailboxRow {
  id: string;
  recipient: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  template: string;
  locale: string;
  position_at: string;
}

/** The links of an email are links to someone's account: a rendered list of them stays off in production. */
export const mailboxDisabled = () =>
  new DomainError('MAIL.MAILBOX_DISABLED', 'not_found', 'The development mailbox is not enabled here');

const invalidCursor = () =>
  new DomainError('MAIL.INVALID_CURSOR', 'validation', 'The cursor is not one this mailbox gave', {
    errors: [{ field: 'cursor', message: 'cursor must be a nextCursor of a previous page' }],
  });

const CURSOR_VERSION = 'mb1';

/**
 * The development mailbox: every message kept because no SMTP server is configured, newest first,
 * so someone running the app locally can open the verification link they were sent.
 */
@Injectable()
export class DevMailbox {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async list(query: { to?: string; limit: number; cursor?: string }): Promise<MailboxPage> {
    if (!this.config.DEV_MAILBOX_ENABLED) throw mailboxDisabled();
    const position = query.cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, query.cursor);
    if (query.cursor !== undefined && position === null) throw invalidCursor();
    const rows: MailboxRow[] = await this.dataSource.query(
      `SELECT id, recipient, subject, text_body, html_body, template, locale,
         ${keysetTimestamp('created_at')} AS position_at
       FROM mail.messages
       WHERE status = 'stored'
         AND ($1::text IS NULL OR lower(recipient) = lower($1::text))
         AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [query.to ?? null, position?.at ?? null, position?.id ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        id: row.id,
        to: row.recipient,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        template: row.template,
        locale: row.locale,
        createdAt: row.position_at,
        links: extractLinks(row.text_body).slice(0, 50),
      })),
      nextCursor:
        rows.length > query.limit && last
          ? encodeKeysetCursor(CURSOR_VERSION, { at: last.position_at, id: last.id })
          : null,
    };
  }
}
