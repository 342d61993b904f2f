import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-internal-signature';
export const CONTRACT_VERSION_HEADER = 'x-contract-version';
/** How far a signed call's clock may be from the server's (replays older than this are refused). */
const TOLERANCE_SECONDS = 300;

function mac(secret: string, timestamp: number, path: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${path}.${body}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.path.body">`, as the webhooks we send are signed. */
export function signInternalCall(secret: string, path: string, body: string, now = Date.now()): string {
  const timestamp = Math.floor(now / 1000);
  return `t=${timestamp},v1=${mac(secret, timestamp, path, body)}`;
}

export function verifyInternalCall(
  secret: string,
  header: unknown,
  path: string,
  body: string,
  now = Date.now(),
): boolean {
  if (typeof header !== 'string') return false;
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(now / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(mac(secret, timestamp, path, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}
