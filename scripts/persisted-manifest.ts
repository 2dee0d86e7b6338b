/**
 * Builds the persisted operations manifest (CCGRAPH_PERSISTED_OPERATIONS): runs codegen's persisted-documents
 * output (codegen.ts, `src/persisted/generated/`), adds the wallboard's operations (`WALLBOARD_OPERATIONS`, the
 * exact texts the page sends, so the wallboard works in persisted-only mode), checks every hash and validates every
 * document against the code's schema, then writes `{ "<sha256>": "<document>" }`.
 *
 *   npm run persisted:manifest                 # writes src/persisted/manifest.json
 *   npm run persisted:manifest -- --out f.json
 *   npm run persisted:manifest -- --check      # fails when the committed manifest is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import codegenConfig from '../codegen.js';
import { checkManifestAgainstSchema, loadManifest, parseManifest, sha256 } from '../src/persisted/index.js';
import { schema } from '../src/schema/index.js';
import { WALLBOARD_OPERATIONS } from '../src/wallboard/page/operations.js';

const OUTPUT = './src/persisted/generated/';
const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const entry = codegenConfig.generates[OUTPUT];
  if (!entry) throw new Error(`codegen.ts has no ${OUTPUT} output`);
  // Only this output: the test output's documents are not production operations.
  await generate({ ...codegenConfig, cwd: root(''), generates: { [OUTPUT]: entry }, silent: true }, true);

  const generatedPath = root('src/persisted/generated/persisted-documents.json');
  const manifest = parseManifest(JSON.parse(readFileSync(generatedPath, 'utf8')), generatedPath);
  // The page sends these texts verbatim (not hashes); the server looks a known text up by its sha256.
  for (const text of Object.values(WALLBOARD_OPERATIONS)) manifest.set(sha256(text), text);
  const problems = checkManifestAgainstSchema(manifest, schema);
  if (problems.length) {
    process.stderr.write(`persisted operations do not validate against the schema:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  const sorted = Object.fromEntries([...manifest].sort(([a], [b]) => a.localeCompare(b)));
  const text = `${JSON.stringify(sorted, null, 2)}\n`;
  const out = arg('--out') ?? root('src/persisted/manifest.json');

  if (process.argv.includes('--check')) {
    let committed: Map<string, string> | undefined;
    try {
      committed = loadManifest(out);
    } catch {
      // missing or broken counts as stale
    }
    const same = committed && committed.size === manifest.size && [...manifest.keys()].every((h) => committed.has(h));
    if (!same) {
      process.stderr.write(`${out} is stale: run \`npm run persisted:manifest\` and commit the result.\n`);
      process.exit(1);
    }
    process.stdout.write(`${out} is up to date (${manifest.size} operations).\n`);
    return;
  }
  writeFileSync(out, text);
  process.stdout.write(`wrote ${out} (${manifest.size} operations)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`persisted:manifest failed: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});
