import { ipPrefix } from '../../../platform/http/client-network';

export { ipPrefix };

/** What a session remembers of the client that opened or last refreshed it. */
export interface SessionClient {
  userAgent: string | null;
  ipPrefix: string | null;
}

export const USER_AGENT_MAX_LENGTH = 256;

/** The User-Agent header as stored and shown: trimmed, at most 256 characters, null when absent. */
export function sessionUserAgent(header: string | string[] | null | undefined): string | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value ? value.slice(0, USER_AGENT_MAX_LENGTH) : null;
}

export function sessionClient(
  userAgent: string | string[] | null | undefined,
  ip: string | null | undefined,
): SessionClient {
  return { userAgent: sessionUserAgent(userAgent), ipPrefix: ipPrefix(ip) };
}
