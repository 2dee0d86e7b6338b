import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { WALLBOARD_OPERATIONS } from '../../src/wallboard/page/operations.js';

describe('wallboard operations', () => {
  it.each(Object.entries(WALLBOARD_OPERATIONS))('%s is valid against the schema and named as listed', (name, text) => {
    const doc = parse(text);
    expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
    const ops = doc.definitions.filter((d) => d.kind === 'OperationDefinition');
    expect(ops).toHaveLength(1);
    expect(ops[0] && 'name' in ops[0] ? ops[0].name?.value : undefined).toBe(name);
  });
});
