/** One jest run: pure specs, the event store contract suite, integration tests on an embedded
 *  PostgreSQL that globalSetup starts once, and end-to-end tests over HTTP. */
const aliases = {
  '^@kassa/(kernel|event-store|ledger|paykassma|read-models|platform|infrastructure)$': '<rootDir>/libs/$1/src/index.ts',
};
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: aliases,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
