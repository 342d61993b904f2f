// Second generated client (`npm run client:zod`): @hey-api/openapi-ts writes the types, a zod schema per
// component and per answer, and an SDK whose every call parses the answer with its zod schema, so a null
// or an enum value the document does not allow throws instead of reaching the caller.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default {
  input: `${root}openapi.json`,
  output: {
    // The drift check (test/architecture/generated-clients.spec.ts) generates into a scratch folder.
    path: process.env.ZOD_CLIENT_OUTPUT ?? `${root}clients/zod/src`,
    // The repository is CommonJS under `nodenext`, where extensionless relative imports resolve in both
    // tsc and jest (the openapi-typescript client imports the same way).
    module: { extension: null },
    // Prettier by path and with the repository's settings, so the scratch copy is formatted the same way.
    postProcess: [
      {
        command: process.execPath,
        args: [
          `${root}node_modules/prettier/bin/prettier.cjs`,
          '--config',
          `${root}.prettierrc`,
          '--write',
          '{{path}}',
        ],
      },
    ],
  },
  plugins: [
    '@hey-api/typescript',
    // `format: date-time` is RFC 3339, which allows an offset as well as `Z`; zod's default wants `Z`.
    {
      name: 'zod',
      dates: { offset: true },
      // An id is any 8-4-4-4-12 hex form (src/platform/http/uuid.ts); zod's uuid() also demands RFC 4122
      // version and variant bits, which hash-derived ids lack. guid() is the plain form. Returning
      // nothing keeps the plugin's own string resolver, with only the format node swapped.
      '~resolvers': {
        string: (ctx) => {
          if (ctx.schema.format === 'uuid') {
            ctx.nodes.format = ({ $, symbols }) => $(symbols.z).attr('guid').call();
          }
          return undefined;
        },
      },
    },
    { name: '@hey-api/sdk', validator: { request: false, response: 'zod' } },
    '@hey-api/client-fetch',
  ],
};
