/** `npm test` runs every workspace's tests: unit, integration (real MariaDB) and end-to-end. */
module.exports = {
  // Global on purpose: jest reads testTimeout only from the top-level config and silently
  // ignores it inside `projects` (jestjs/jest#9759), which left every test run this way at
  // jest's 5 s default, whatever jest.preset.js said.
  testTimeout: 60_000,
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
