import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for every `graphql()` operation of the till, against the store service's schema. */
const config: CodegenConfig = {
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      schema: '../../schema/store.graphql',
      documents: ['src/**/*.tsx', '!src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
  },
};

export default config;
