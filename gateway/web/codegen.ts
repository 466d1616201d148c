import type { CodegenConfig } from '@graphql-codegen/cli';

const typed = { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } };

/**
 * Typed documents for every `graphql()` operation under src/, against the gateway's API
 * schema; the till's (src/till/, served by the store service) against the store's schema.
 */
const config: CodegenConfig = {
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      schema: 'src/gql/schema.graphql',
      documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**', '!src/till/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typed,
    },
    'src/till/gql/': {
      schema: '../../schema/store.graphql',
      documents: ['src/till/**/*.tsx', '!src/till/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typed,
    },
  },
};

export default config;
