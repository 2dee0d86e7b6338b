// No file over 400 lines outside generated code unless docs/architecture.md ("Files over 400 lines") says why; and
// that list stays true: every file it names exists and is still over.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const LIMIT = 400;
const GENERATED = ['src/persisted/generated/', 'test/gql/'];

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** Lines as `wc -l` counts them. */
const lineCount = (file: string) => readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1;

function listed(): string[] {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const section = /^## Files over 400 lines\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(doc)?.[1];
  if (!section) throw new Error('docs/architecture.md has no "Files over 400 lines" section');
  return [...section.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]!);
}

describe('file sizes', () => {
  const long = ['src', 'test', 'bench']
    .flatMap(tsFiles)
    .filter((f) => !GENERATED.some((g) => f.startsWith(g)))
    .filter((f) => lineCount(f) > LIMIT)
    .sort();

  it(`every non-generated file over ${LIMIT} lines is listed in docs/architecture.md with why`, () => {
    expect(long.filter((f) => !listed().includes(f))).toEqual([]);
  });

  it('every listed file exists and is still over the limit (the list stays true)', () => {
    expect(listed().filter((f) => !long.includes(f))).toEqual([]);
  });

  it('finds long files at all (the walk reaches the trees)', () => {
    expect(long.length).toBeGreaterThan(0);
    expect(tsFiles('src')).toContain('src/server.ts');
  });
});
