/**
 * Every document the default cost limit must let through: the README's and docs' examples, the wallboard's and the
 * persisted manifest's operations, and the calibration set in this folder. Plus sample variables for them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { encodeGlobalID } from '../../src/schema/ids.js';
import { WALLBOARD_OPERATIONS } from '../../src/wallboard/page/operations.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface NamedDocument {
  /** Where it comes from, e.g. `README.md #1` or `wallboard WallboardAgents`. */
  source: string;
  text: string;
}

/** Schema snippets (a subgraph's SDL in docs/operations.md) are not operations: only executable blocks count. */
const executable = (text: string): boolean =>
  parse(text).definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION);

const graphqlBlocks = (file: string): NamedDocument[] =>
  [...readFileSync(file, 'utf8').matchAll(/```graphql\r?\n([\s\S]*?)```/g)]
    .map((m, i) => ({ source: `${file.slice(ROOT.length + 1)} #${i + 1}`, text: m[1]! }))
    .filter((d) => executable(d.text));

const graphqlFiles = (dir: string): NamedDocument[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.graphql'))
        .sort()
        .map((f) => ({ source: join(dir, f).slice(ROOT.length + 1), text: readFileSync(join(dir, f), 'utf8') }))
    : [];

/** The three calibration documents (test/cost/*.graphql). */
export const calibrationDocuments = (): NamedDocument[] => graphqlFiles(join(ROOT, 'test', 'cost'));

/** README.md and docs/*.md ```graphql blocks, and docs/examples/*.graphql when that folder exists. */
export function docsDocuments(): NamedDocument[] {
  const docsDir = join(ROOT, 'docs');
  const markdown = readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(docsDir, f));
  return [
    ...[join(ROOT, 'README.md'), ...markdown].flatMap(graphqlBlocks),
    ...graphqlFiles(join(docsDir, 'examples')),
  ];
}

export function wallboardDocuments(): NamedDocument[] {
  return Object.entries(WALLBOARD_OPERATIONS).map(([name, text]) => ({ source: `wallboard ${name}`, text }));
}

export function persistedDocuments(): NamedDocument[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'src', 'persisted', 'manifest.json'), 'utf8')) as Record<string, string>;
  return Object.entries(manifest).map(([hash, text]) => ({ source: `persisted ${hash.slice(0, 12)}`, text }));
}

export const everyDocument = (): NamedDocument[] => [
  ...docsDocuments(),
  ...wallboardDocuments(),
  ...persistedDocuments(),
  ...calibrationDocuments(),
];

/** Each operation of a document, alone with the document's fragments (so tools measuring "the first one" see it). */
export function operationsOf(doc: DocumentNode): Array<{ name: string | undefined; document: DocumentNode; operation: OperationDefinitionNode }> {
  const fragments = doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  return doc.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({ name: operation.name?.value, operation, document: { ...doc, definitions: [operation, ...fragments] } }));
}

export const parseDocument = (d: NamedDocument) => parse(d.text);

/**
 * Variables that coerce, chosen for the worst case: every Int is 100 (a page size at its maximum), IDs are Agent IDs,
 * ranges are today.
 */
export function sampleVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const sample = (type: GraphQLInputType): unknown => {
    if (isNonNullType(type)) return sample(type.ofType);
    if (isListType(type)) return [sample(type.ofType)];
    const named = getNamedType(type);
    if (isEnumType(named)) return named.getValues()[0]!.value;
    if (isInputObjectType(named)) return {};
    switch (named.name) {
      case 'Int':
        return 100;
      case 'Float':
        return 1;
      case 'Boolean':
        return true;
      case 'ID':
        return encodeGlobalID('Agent', 'someone');
      case 'DateTime':
        return new Date().toISOString();
      default:
        return 'x';
    }
  };
  const out: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    // `after`/`before` cursors stay unset: a sample string is not a cursor.
    if (namedTypeName(def.type) === 'String' && !isRequired(def.type)) continue;
    out[def.variable.name.value] = sampleFromAst(def.type, sample, schema);
  }
  return out;
}

type TypeAst = OperationDefinitionNode['variableDefinitions'] extends ReadonlyArray<infer V> | undefined
  ? V extends { type: infer T }
    ? T
    : never
  : never;

const namedTypeName = (t: TypeAst): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedTypeName(t.type as TypeAst));
const isRequired = (t: TypeAst) => t.kind === Kind.NON_NULL_TYPE;
function sampleFromAst(t: TypeAst, sample: (type: GraphQLInputType) => unknown, schema: GraphQLSchema): unknown {
  if (t.kind === Kind.NON_NULL_TYPE) return sampleFromAst(t.type as TypeAst, sample, schema);
  if (t.kind === Kind.LIST_TYPE) return [sampleFromAst(t.type as TypeAst, sample, schema)];
  return sample(schema.getType(t.name.value) as GraphQLInputType);
}
