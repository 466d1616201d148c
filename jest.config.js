/** `npm test` runs every workspace's tests: unit, integration (real MariaDB) and end-to-end. */
module.exports = {
  // Global on purpose: jest reads testTimeout only from the top-level config and silently
  // ignores it inside `projects` (jestjs/jest#9759), which left every test run this way at
  // jest's 5 s default, whatever jest.preset.js said.
  testTimeout: 60_000,
  // Two files at a time on this project's 2-core machines: half of a file's time is spent
  // waiting on services and the browser, so two overlap well (one run: 909 s in band, 465 s
  // with two). Each worker has its own databases (named by JEST_WORKER_ID), ports and Kafka
  // namespace, so files in different workers never share state.
  maxWorkers: 2,
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
    '<rootDir>/store/service',
    '<rootDir>/schema',
    '<rootDir>/gateway',
    '<rootDir>/e2e',
  ],
};
