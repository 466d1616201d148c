/** `npm test` runs every workspace's tests: unit, integration (real MariaDB) and end-to-end. */
module.exports = {
  // Global on purpose: jest reads testTimeout only from the top-level config and silently
  // ignores it inside `projects` (jestjs/jest#9759), which left every test run this way at
  // jest's 5 s default, whatever jest.preset.js said.
  testTimeout: 60_000,
  // Three files at a time on this project's 2-core machines: much of an e2e file's time is
  // spent waiting on services, Kafka and the browser, so files overlap well (one run: 909 s
  // in band, 465 s with two). Each worker has its own databases (named by run and
  // JEST_WORKER_ID), ports, Kafka namespace and shared stacks, so files in different workers
  // never share state.
  maxWorkers: 3,
  // A run id for the databases and processes of this run (two runs of one checkout no longer
  // share databases); the teardown stops what suites left running and drops the databases.
  globalSetup: '<rootDir>/packages/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/packages/testing/src/jest-global-teardown.ts',
  projects: [
    '<rootDir>/schema/events',
    '<rootDir>/packages/domain',
    '<rootDir>/packages/runtime',
    '<rootDir>/packages/persistence',
    '<rootDir>/packages/messaging',
    '<rootDir>/packages/graphql-service',
    '<rootDir>/subgraphs/inventory',
    '<rootDir>/subgraphs/catalog',
    '<rootDir>/subgraphs/order',
    '<rootDir>/subgraphs/accounts',
    '<rootDir>/store/service',
    '<rootDir>/schema',
    '<rootDir>/gateway',
    '<rootDir>/e2e',
  ],
};
