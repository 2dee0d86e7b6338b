/** Schema comparison for `npm run schema:breaking` (graphql-inspector's rules: BREAKING, DANGEROUS, NON_BREAKING). */
import { diff, CriticalityLevel, type Change } from '@graphql-inspector/core';
import { buildSchema, type GraphQLSchema } from 'graphql';

export interface SchemaComparison {
  breaking: Change[];
  dangerous: Change[];
  safe: Change[];
}

export async function compareSchemas(baseSdl: string, current: GraphQLSchema): Promise<SchemaComparison> {
  const changes = await diff(buildSchema(baseSdl), current);
  const of = (level: CriticalityLevel) => changes.filter((c) => c.criticality.level === level);
  return { breaking: of(CriticalityLevel.Breaking), dangerous: of(CriticalityLevel.Dangerous), safe: of(CriticalityLevel.NonBreaking) };
}

export function formatComparison(c: SchemaComparison, base: string): string {
  const section = (title: string, list: Change[]) =>
    list.length ? [`${title} (${list.length}):`, ...list.map((ch) => `  - ${ch.path ? `${ch.path}: ` : ''}${ch.message}`)] : [];
  const lines = [
    ...section('BREAKING', c.breaking),
    ...section('dangerous', c.dangerous),
    ...section('safe', c.safe),
  ];
  return lines.length ? `Schema changes against ${base}:\n${lines.join('\n')}\n` : `No schema changes against ${base}.\n`;
}
