import { createHmac, randomBytes } from 'node:crypto';

/** The header every delivery carries: `t=<unix seconds>,v1=<hex HMAC>[,v1=<hex HMAC>]`. */
export const SIGNATURE_HEADER = 'OneSociety-Signature';

/** A new endpoint secret: `whsec_` and 256 random bits. The HMAC key is the whole string, as UTF-8. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * Stripe's scheme: HMAC-SHA256 over `<t>.<raw body>`, keyed with the endpoint's secret, hex. During
 * a rotation the previous secret signs too (one `v1` per secret, newest first), so a receiver still
 * holding the old secret keeps verifying until it has the new one. The timestamp lets receivers
 * refuse replays (Stripe's libraries allow 5 minutes).
 */
export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  const signed = `${timestamp}.${body}`;
  const signatures = secrets.map(
    (secret) => `v1=${createHmac('sha256', secret).update(signed, 'utf8').digest('hex')}`,
  );
  return [`t=${timestamp}`, ...signatures].join(',');
}
