import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { HelmetOptions } from 'helmet';

/**
 * Helmet's headers, worked out once at start-up. @fastify/helmet builds a new helmet middleware on
 * every request (re-parsing the CSP directives: 1.3–2.3 % of the API's CPU in bench/RESULTS.md);
 * these headers never vary by request, so the app sets the same precomputed list on every reply.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  // helmet's middleware is synchronous today; fail loudly at start-up if that ever changes.
  if (!done) throw new Error('helmet did not finish synchronously: security headers unknown');
  return headers;
}
