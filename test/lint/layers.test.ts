// The layering rules (.dependency-cruiser.cjs, run by `npm run lint`) refuse an import that climbs the layers and an
// import circle: dependency-cruiser runs on small fixture trees with the project's own config.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs depcruise with the project config over a fixture tree; resolves to its exit code and output. */
async function cruise(files: Record<string, string>): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ccgraph-layers-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    const { stdout } = await run(DEPCRUISE, ['src', '--config', CONFIG, '--output-type', 'err'], { cwd: dir });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: err.code ?? 1, out: err.stdout ?? '' };
  }
}

describe('layering rules', () => {
  it('accept imports that go down the layers', async () => {
    const r = await cruise({
      'src/domain/model.ts': 'export type Agent = { id: string };\n',
      'src/schema/agent.ts': "import type { Agent } from '../domain/model.js';\nexport const a: Agent = { id: 'x' };\n",
    });
    expect(r.out).toContain('no dependency violations');
    expect(r.code).toBe(0);
  }, 60_000);

  it('refuse an import that climbs back up (domain → schema)', async () => {
    const r = await cruise({
      'src/schema/errors.ts': "export const CODE = 'X';\n",
      'src/domain/model.ts': "import { CODE } from '../schema/errors.js';\nexport const code = CODE;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('domain');
    expect(r.out).toContain('src/domain/model.ts → src/schema/errors.ts');
  }, 60_000);

  it('refuse an import circle', async () => {
    const r = await cruise({
      'src/schema/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/schema/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('no-circular');
  }, 60_000);
});
