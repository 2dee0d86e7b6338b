/** GraphQL Code Generator: typed documents for the operations in tests and clients (client preset). */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: './schema.graphql',
  ignoreNoDocuments: true,
  // NodeNext: relative imports in the generated files need their `.js` extension.
  emitLegacyCommonJSImports: false,
  generates: {
    './test/gql/': {
      documents: ['test/operations/**/*.graphql'],
      preset: 'client',
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
    // Production clients' operations: typed documents plus persisted-documents.json ({ sha256: document }),
    // which `npm run persisted:manifest` checks and turns into the CCGRAPH_PERSISTED_OPERATIONS manifest.
    // Add a client's sources here once its documents are static (no `${…}` interpolation: codegen cannot read it).
    './src/persisted/generated/': {
      documents: ['src/persisted/operations/**/*.graphql'],
      preset: 'client',
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
    },
  },
};

export default config;
