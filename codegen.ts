/**
 * GraphQL Code Generator. One output holds the schema's types: the product's (client preset, with the persisted
 * documents the manifest is built from). The tests' operations get only their own types and documents, importing
 * the schema's types from it, so test operations never reach the persisted manifest.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: './schema.graphql',
  ignoreNoDocuments: true,
  // NodeNext: relative imports in the generated files need their `.js` extension.
  emitLegacyCommonJSImports: false,
  generates: {
    // Tests' operations: only their operation types and typed documents. The schema's types come from the
    // product output below (imported, not generated a second time); a test may import src, never the reverse.
    './test/gql/graphql.ts': {
      documents: ['test/operations/**/*.graphql'],
      plugins: [
        { add: { content: "import type * as Types from '../../src/persisted/generated/graphql.js';" } },
        'typescript-operations',
        'typed-document-node',
      ],
      config: {
        namespacedImportName: 'Types',
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
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
