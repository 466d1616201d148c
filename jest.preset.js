// Shared jest settings for every workspace: TypeScript through swc (with the decorator
// metadata type-graphql and TypeORM need), and workspace packages resolved to their
// sources so tests never run against a stale build.
const path = require('node:path');

const root = __dirname;

module.exports = function preset(dir, displayName) {
  return {
    displayName,
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
            keepClassNames: true,
          },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
      '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    },
    // jose ships ES modules only; jest's module loader cannot require them, so swc turns
    // them into CommonJS for tests (Node itself loads them natively).
    transformIgnorePatterns: ['/node_modules/(?!jose/)'],
    moduleNameMapper: {
      '^@stockgraph/runtime/tracing$': path.join(root, 'packages/runtime/src/tracing/index.ts'),
      '^@stockgraph/testing$': path.join(root, 'packages/testing/src/index.ts'),
      '^@stockgraph/(domain|runtime|persistence|messaging|graphql-service)$': path.join(
        root,
        'packages/$1/src/index.ts',
      ),
      '^@stockgraph/(catalog|inventory|order)$': path.join(root, 'subgraphs/$1/src/index.ts'),
      '^@stockgraph/store$': path.join(root, 'store/service/src/index.ts'),
      '^@stockgraph/events$': path.join(root, 'schema/events/src/index.ts'),
      '^@stockgraph/(gateway|schema)$': path.join(root, '$1/src/index.ts'),
    },
    setupFiles: [path.join(root, 'jest.setup.js')],
    // Counts only when one workspace's jest.config.js is run on its own; under the root
    // config (`npm test`, --selectProjects) the root's testTimeout applies instead.
    testTimeout: 60_000,
  };
};
