/**
 * Composes a Federation v2 supergraph for a router (Hive Gateway, Apollo Router, Cosmo):
 *   tsx scripts/compose-supergraph.ts ccgraph=ccgraph.graphql@http://localhost:4000/graphql crm=crm.graphql@http://… --out supergraph.graphql
 * Each argument is `<subgraph name>=<SDL file>@<subgraph URL>`; without --out the supergraph goes to stdout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';

export interface SubgraphSource {
  name: string;
  sdl: string;
  url: string;
}

/** The supergraph SDL; throws with every composition error listed. */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, typeDefs: parse(s.sdl), url: s.url })));
  if (compositionHasErrors(result)) throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  return result.supergraphSdl;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  const specs = args.filter((_, i) => i !== outAt && i !== outAt + 1);
  const subgraphs = specs.map((spec) => {
    const [, name, file, url] = /^([A-Za-z][\w-]*)=([^@]+)@(https?:\/\/\S+)$/.exec(spec) ?? [];
    if (!name || !file || !url) {
      process.stderr.write(`expected <name>=<sdl file>@<url>, got "${spec}"\n`);
      process.exit(1);
    }
    return { name, sdl: readFileSync(file, 'utf8'), url };
  });
  const sdl = composeSupergraph(subgraphs);
  if (out) writeFileSync(out, sdl);
  else process.stdout.write(sdl);
}
