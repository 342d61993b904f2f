import type { BolaRegistry, SignedUpUser } from './types';

/** The session id an access token was issued for: its `sid` claim (the refresh-token family). */
const sessionIdOf = (user: SignedUpUser): string =>
  JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString('utf8')).sid;

/** A data export its owner requested; the relay is drained after setup, so it is ready by then. */
const requestExport = (f: Parameters<BolaRegistry[string][number]['setup']>[0], owner: SignedUpUser) =>
  f.post<{ id: string }>(owner, '/api/v1/account/data-exports', undefined, 202);

/** The account's own sessions and personal-data exports. */
export const ACCOUNT: BolaRegistry = {
  'DELETE /api/v1/account/sessions/{id}': [
    {
      name: "ending someone's session",
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user('Session Owner');
        return { owner, params: { id: sessionIdOf(owner) } };
      },
    },
  ],
  'GET /api/v1/account/data-exports/{id}': [
    {
      name: "someone's data export",
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user('Export Owner');
        return { owner, params: { id: (await requestExport(f, owner)).id } };
      },
    },
  ],
  'GET /api/v1/account/data-exports/{id}/document': [
    {
      name: "downloading someone's data export",
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user('Export Owner');
        return { owner, params: { id: (await requestExport(f, owner)).id } };
      },
    },
  ],
};
