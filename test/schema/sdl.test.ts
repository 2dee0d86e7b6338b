import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSchemaSDL, schema } from '../../src/schema/index.js';

const BUILT_IN = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

describe('schema', () => {
  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || (isScalarType(type) && BUILT_IN.has(type.name))) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has the read graph root fields', () => {
    const fields = Object.keys(schema.getQueryType()!.getFields());
    for (const f of ['agents', 'agent', 'queues', 'queue', 'contacts', 'contact', 'node', 'nodes', 'agentWorkReport',
      'cobrowsingReport', 'queueIntervalReport', 'chatSlotReport', 'vendors']) {
      expect(fields).toContain(f);
    }
  });

  it('prints sorted SDL', () => {
    const sdl = printSchemaSDL();
    const typeNames = [...sdl.matchAll(/^(?:type|interface|enum|input|scalar|union) (\w+)/gm)].map((m) => m[1]!);
    expect(typeNames).toEqual([...typeNames].sort());
    expect(sdl).toContain('serviceLevel: Float');
    expect(sdl).toContain('answeredOnTime / (handled + abandoned)');
  });
});
