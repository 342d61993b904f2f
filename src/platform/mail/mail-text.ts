/** Small pure helpers of the mail path: Message-IDs, links in a body, logs without addresses. */

/**
 * `<eventId@domain-of-MAIL_FROM>`: the id names the MailRequested event, so a rare second sending
 * of one message (a sender's lease expired mid-send) carries the same Message-ID and is recognisable.
 */
export function messageIdFor(eventId: string, mailFrom: string): string {
  const address = /<([^<>\s]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  const domain = /@([A-Za-z0-9.-]+)$/.exec(address)?.[1] ?? 'onesociety.local';
  return `<${eventId}@${domain.toLowerCase()}>`;
}

const LINK = /https?:\/\/[^\s<>"'`]+/g;

/** The http(s) links of a text body, in order, without duplicates or trailing punctuation. */
export function extractLinks(text: string | null): string[] {
  if (!text) return [];
  const links = (text.match(LINK) ?? []).map((link) => link.replace(/[.,;:!?)\]}]+$/, ''));
  return [...new Set(links)];
}

const ADDRESS = /[^\s<>"'@,;:()]+@[^\s<>"'@,;:()]+/g;

/** An SMTP error's text with every address replaced: logs and last_error must hold no personal data. */
export function redactAddresses(text: string): string {
  return text.replace(ADDRESS, '<address>');
}

/** What is kept and logged of a failed attempt: SMTP code and message, no address, bounded. */
export function describeSendError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown } | null;
  const parts = [
    typeof e?.code === 'string' ? e.code : null,
    typeof e?.responseCode === 'number' ? String(e.responseCode) : null,
    typeof e?.message === 'string' ? e.message : String(error),
  ].filter((p): p is string => p !== null);
  return redactAddresses(parts.join(' ')).slice(0, 500);
}
