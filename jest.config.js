/** `npm test` runs every workspace's tests: unit, integration (real MariaDB) and end-to-end. */
module.exports = {
  projects: [
    '<rootDir>/schema/events',
    '<rootDir>/subgraphs/shared',
    '<rootDir>/subgraphs/inventory',
    '<rootDir>/subgraphs/catalog',
    '<rootDir>/subgraphs/order',
    '<rootDir>/schema',
    '<rootDir>/gateway',
    '<rootDir>/e2e',
  ],
};
