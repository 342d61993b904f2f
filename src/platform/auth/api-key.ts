/**
 * API keys of third-party integrators (an insurance partner, an accounting tool, an operator's CRM).
 * The platform only knows how a key travels and what a verified one proves; the integration
 * context issues keys and implements ApiKeyVerifier (platform code never imports a module).
 */

/** What a key may do. Each operation open to keys names the one scope it needs. */
export const API_KEY_SCOPES = ['listings:read', 'rentals:read', 'events:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Every key starts so: `osk_live_...` in production, `osk_test_...` elsewhere. */
export const API_KEY_PREFIX = 'osk_';

/** The header a key may travel in, instead of `Authorization: Bearer osk_...`. */
export const API_KEY_HEADER = 'x-api-key';

/** Who is calling, as proven by a valid, unrevoked key. */
export interface Integrator {
  clientId: string;
  keyId: string;
  scopes: ApiKeyScope[];
  /** Requests per minute this key may make (the client's own limit, or the configured default). */
  rateLimitPerMinute: number;
}

/** Checks a presented key; null when it is unknown, revoked, expired, or its client is revoked. */
export abstract class ApiKeyVerifier {
  abstract verify(token: string): Promise<Integrator | null>;
}

/**
 * The key a request presents, if any: `X-Api-Key` or a bearer token, when it has a key's prefix.
 * Anything else there is not a key: generated clients send one token in every scheme an operation
 * lists, so a user's JWT may come in X-Api-Key too, and must still authenticate the user.
 */
export function presentedApiKey(headers: Record<string, unknown>): string | undefined {
  const header = headers[API_KEY_HEADER];
  if (typeof header === 'string' && header.startsWith(API_KEY_PREFIX)) return header;
  const authorization = headers.authorization;
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  return match && match[1].startsWith(API_KEY_PREFIX) ? match[1] : undefined;
}
