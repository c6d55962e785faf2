import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from the committed supergraph: a schema change that breaks a screen breaks
 * `npm run build` (the generated types no longer fit the component). The persisted-documents manifest
 * (hash → operation text) is what the gateway resolves the app's requests from: the app sends hashes only.
 */
const config: CodegenConfig = {
  schema: '../../gateway/supergraph.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: (text: string) => createHash('sha256').update(text).digest('hex'), hashPropertyName: 'hash' },
      },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        scalars: { Date: 'string', DateTime: 'string' },
      },
    },
  },
};

export default config;
