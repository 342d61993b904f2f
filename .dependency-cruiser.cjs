// Module boundaries of ../shared/ARCHITECTURE.md, enforced in `npm run lint`.
// Modules are derived from the folders under src/modules ($1 back-references), never listed by hand.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      comment: "A module reaches another only through that module's index.ts.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/([^/]+)/.+',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'contracts-are-leaves',
      comment: 'contracts/ is the public API: it imports nothing internal to its module.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/contracts/' },
      to: { path: '^src/modules/$1/', pathNot: '^src/modules/$1/contracts/' },
    },
    {
      name: 'domain-is-plain',
      comment: 'domain/ is plain TypeScript: no Nest, TypeORM, application, persistence or http.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: {
        path: [
          '^node_modules/(@nestjs|typeorm|class-validator|class-transformer)/',
          '^src/modules/[^/]+/(application|persistence|http)/',
        ],
      },
    },
    {
      name: 'application-not-http',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/application/' },
      to: { path: '^src/modules/[^/]+/http/' },
    },
    {
      name: 'platform-knows-no-module',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { pathNot: '\\.entity\\.ts$' } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.spec\\.ts$' },
  },
};
