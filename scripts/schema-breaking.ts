/**
 * Breaking-change check: the code's schema against a committed `schema.graphql` (graphql-inspector).
 *
 *   npm run schema:breaking                         # against `git show HEAD:schema.graphql`
 *   npm run schema:breaking -- --base origin/main   # against another ref (CI: the target branch)
 *   npm run schema:breaking -- --file old.graphql   # against a file (no git needed)
 *
 * Exits 1 when a change would break existing clients (removed/renamed fields, types or enum values, arguments
 * made required, …); dangerous and safe changes are listed but pass.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schema } from '../src/schema/index.js';
import { compareSchemas, formatComparison } from './lib/breaking.js';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function baseSdl(): { sdl: string; label: string } {
  const file = arg('--file');
  if (file) return { sdl: readFileSync(file, 'utf8'), label: file };
  const ref = arg('--base') ?? 'HEAD';
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  try {
    const sdl = execFileSync('git', ['show', `${ref}:schema.graphql`], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { sdl, label: `${ref}:schema.graphql` };
  } catch {
    // Not a git checkout (e.g. a source tarball): the file on disk is the published contract.
    return { sdl: readFileSync(`${cwd}schema.graphql`, 'utf8'), label: 'schema.graphql (working tree)' };
  }
}

const { sdl, label } = baseSdl();
const result = await compareSchemas(sdl, schema);
process.stdout.write(formatComparison(result, label));
if (result.breaking.length > 0) {
  process.stderr.write(`${result.breaking.length} breaking change(s). If intended, announce them to clients and commit the new schema.graphql.\n`);
  process.exit(1);
}
