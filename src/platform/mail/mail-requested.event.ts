import { defineEvent } from '../events/integration-event';

/**
 * A context asked for an email. Written to that context's outbox in the transaction of the change
 * that calls for it, so no mail goes out for a change that rolled back, and no request waits on SMTP.
 * The recipient and the data (which hold single-use links) are sealed (SecretBox, purpose `mail`):
 * the outbox keeps events for days and must not hand working links to whoever reads it.
 */
export interface MailRequestedPayload {
  userId: string | null;
  template: string;
  locale: string;
  /** SecretBox-sealed JSON of `{ to, data, headers }`. */
  sealed: string;
  /** Others the message names; absent in requests from before it existed. */
  aboutUserIds?: string[];
}

export const MailRequested = defineEvent<MailRequestedPayload>('platform.MailRequested');
