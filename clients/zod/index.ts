// Client for the OneSociety API that checks every answer at run time, generated from openapi.json
// (`npm run client:zod`, into src/, which the generator empties first: hand-written code lives here).
// Each SDK function parses a 2xx JSON body with the zod schema of its operation and rejects with a
// ZodError when the body breaks the document (a null the document does not allow, an unknown enum value).
/// <reference path="./fetch-types.d.ts" />
import { type Client, createClient, createConfig } from './src/client';

export * from './src/sdk.gen';
export type * from './src/types.gen';
export * as schemas from './src/zod.gen';
export type { Client as ZodCheckedClient } from './src/client';

export interface ZodClientOptions {
  /** e.g. `https://api.onesociety.dev` (no trailing slash). */
  baseUrl: string;
  /** Called before every request that the document marks as secured; return the current access token. */
  accessToken?: () => string | undefined;
}

/** Pass the result as `client` to each SDK function: `catalogGetProduct({ client, path: { id } })`. */
export function createZodCheckedClient(options: ZodClientOptions): Client {
  return createClient(createConfig({ baseUrl: options.baseUrl, auth: () => options.accessToken?.() }));
}
