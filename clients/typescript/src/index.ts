// Typed client for the OneSociety API, generated from openapi.json (`npm run client`).
// Types come from schema.d.ts (openapi-typescript); requests go through openapi-fetch.
import type { Client } from 'openapi-fetch' with { 'resolution-mode': 'import' };
import type { paths } from './schema';

export type { components, operations, paths } from './schema';
export type OneSocietyClient = Client<paths>;

export interface ClientOptions {
  /** e.g. `https://api.onesociety.dev` (no trailing slash). */
  baseUrl: string;
  /** Called before every request; return the current access token, if any. */
  accessToken?: () => string | undefined;
}

/** openapi-fetch is ESM-only; loading it lazily keeps this usable from CommonJS code too. */
export async function createOneSocietyClient(options: ClientOptions): Promise<OneSocietyClient> {
  const { default: createClient } = await import('openapi-fetch');
  const client = createClient<paths>({ baseUrl: options.baseUrl });
  client.use({
    onRequest({ request }) {
      const token = options.accessToken?.();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });
  return client;
}
