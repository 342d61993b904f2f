// Unit tests sit beside the code (src/**/*.spec.ts); end-to-end tests boot the real app on a real
// PostgreSQL, each file in its own database cloned from a migrated template (test/support).
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    // NestJS 12 ships ESM only, which jest loads only in its native ESM mode (Node 20 has no
    // require(esm) inside jest's sandbox), so tests run as ESM while the build stays CommonJS.
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  transform: { '^.+\\.(t|j)s$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  rootDir: __dirname,
};

// The slow half of the hardening suite (heavy fuzzing, database faults, crash recovery) runs in
// `npm run test:hardening` (HARDENING=1), not in every `npm test`.
const hardening = {
  ...common,
  displayName: 'hardening',
  testMatch: ['<rootDir>/test/hardening/**/*.hardening-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

// `npm run test:deployment` (DEPLOYMENT=1): the built app (dist/) started as OS processes on the
// server PostgreSQL and NATS, as the monolith and as a split behind the gateway, faults included.
const deployment = {
  ...common,
  displayName: 'deployment',
  testMatch: ['<rootDir>/test/deployment/**/*.deploy-spec.ts'],
};

module.exports = {
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  // Each e2e file loads the whole app into the worker again and not all of it is collected (ESM
  // module records): a worker reached 4.5 GB after ~60 files and then spent its time in GC (files
  // of 10 s took 200 s). A worker above this after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '1536MB',
  // e2e files boot an app and a database; a hung test still fails, just not at 5 s.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/architecture/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    ...(process.env.HARDENING === '1' ? [hardening] : []),
    ...(process.env.DEPLOYMENT === '1' ? [deployment] : []),
  ],
};
