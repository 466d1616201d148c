import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for every `graphql()` operation under src/, against the gateway's API schema. */
const config: CodegenConfig = {
  schema: 'src/gql/schema.graphql',
  documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
  },
};

export default config;
