// Node's environment plus the worker's stack pool (test/support/shared-stacks-environment.ts).
module.exports = {
  ...require('../jest.preset.js')(__dirname, 'e2e'),
  testEnvironment: '<rootDir>/test/support/shared-stacks-environment.ts',
};
