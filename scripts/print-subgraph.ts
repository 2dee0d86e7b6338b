/** Prints the Apollo Federation v2 subgraph SDL (what a router composes); `--out <file>` writes it instead. */
import { writeFileSync } from 'node:fs';
import { subgraphSDL } from '../src/federation/index.js';

const sdl = subgraphSDL();
const outAt = process.argv.indexOf('--out');
const out = outAt >= 0 ? process.argv[outAt + 1] : undefined;
if (out) {
  writeFileSync(out, sdl);
  process.stderr.write(`wrote ${out}\n`);
} else {
  process.stdout.write(sdl);
}
