import type { CodegenConfig } from '@graphql-codegen/cli';

const typed = { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } };

/** Typed documents for every `graphql()` operation under src/, against the gateway's API schema. */
const config: CodegenConfig = {
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      schema: 'src/gql/schema.graphql',
      documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typed,
    },
  },
};

export default config;
