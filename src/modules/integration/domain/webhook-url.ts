import { isIP } from 'node:net';
import { classifyAddress } from './address-policy';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Names that never lead to a public host, refused without asking DNS. */
const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/;

export interface WebhookTarget {
  url: URL;
  /** The hostname without IPv6 brackets: what to resolve, and the TLS server name. */
  host: string;
  port: number;
  /** Set when the host is an IP literal: no lookup, this is the address. */
  literal: string | null;
}

/**
 * Why a webhook URL is refused, or the target it names. HTTPS only, no credentials in the URL, no
 * fragment; an IP literal must be a public address and a name must look like a public DNS name.
 * Names are resolved and their addresses checked at each delivery (DNS answers change), not here.
 * `allowInsecureLoopback` (a test setting, never in production) lets plain http through to loopback
 * literals and to names (which the sender then lets reach loopback addresses only), so tests can
 * run a local receiver.
 */
export function parseWebhookUrl(
  raw: string,
  options: { allowInsecureLoopback: boolean },
): { target: WebhookTarget } | { problem: string } {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH)
    return { problem: `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'must be an absolute https:// URL' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host) ? host : null;
  const verdict = literal === null ? null : classifyAddress(literal);
  const loopbackLiteral = verdict !== null && !verdict.allowed && verdict.reason === 'loopback';
  // Test mode: plain http to a loopback literal, or to a name (the sender then lets it reach
  // loopback addresses only).
  const insecureTest = options.allowInsecureLoopback && (loopbackLiteral || literal === null);
  if (url.protocol !== 'https:' && !(insecureTest && url.protocol === 'http:'))
    return { problem: 'must use https' };
  if (url.username || url.password) return { problem: 'must not carry credentials' };
  if (url.hash) return { problem: 'must not have a fragment' };
  if (verdict !== null) {
    if (!verdict.allowed && !(options.allowInsecureLoopback && loopbackLiteral))
      return { problem: `must not point at a ${verdict.reason} address` };
  } else if (!host.includes('.') || INTERNAL_NAMES.test(host.toLowerCase().replace(/\.$/, ''))) {
    return { problem: 'must name a public host' };
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { target: { url, host, port, literal } };
}
