import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { createTransport } from 'nodemailer';
import { AppConfig } from '../config/app-config';

/** One message as it goes on the wire. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  messageId: string;
  /** Extra header lines (MAIL_EXTRA_HEADERS), already checked when the mail was requested. */
  headers?: Record<string, string>;
}

/**
 * SMTP through nodemailer, to SMTP_URL. One connection per message (no pool): mail here is a
 * trickle of account emails, and a fresh connection after an outage needs no pool recovery.
 * Short timeouts bound each step of an attempt: a server that does not answer is an attempt
 * failed, retried later. They are idle timeouts, so a server answering each step slowly could still
 * outlast the lease: the dispatcher bounds a whole send as well (mail-deadline.ts).
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private transporter?: Transporter;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.SMTP_URL);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.smtp().sendMail({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text ?? undefined,
      html: mail.html ?? undefined,
      messageId: mail.messageId,
      headers: mail.headers,
    });
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }

  private smtp(): Transporter {
    if (!this.config.SMTP_URL) throw new Error('SMTP_URL is not set');
    this.transporter ??= createTransport({
      url: this.config.SMTP_URL,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      dnsTimeout: 10_000,
    });
    return this.transporter;
  }
}

/** The connection's timeouts (DNS, connect, greeting, idle socket); the whole send is bounded apart. */
export const MAIL_SEND_TIMEOUT_SECONDS = 60;
