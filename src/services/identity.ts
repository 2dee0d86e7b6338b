/**
 * Who is who, process-wide: the identity file plus the accounts Sinch and CoBrowser report, linked into people.
 * Rebuilt at most once per `ttlMs` (concurrent callers share one rebuild), so a dashboard costs no extra vendor
 * calls beyond the account lists, and new agents appear within a TTL. Once a directory exists, an expired one is
 * still served while the rebuild runs in the background (no request waits for the account lists), and a rebuild
 * that a vendor failed does not replace it — up to `maxStaleMs`, after which callers wait for a fresh build.
 */
import { readFileSync } from 'node:fs';
import { IdentityDirectory, linkPeople, normalizeEmail, parseIdentityFile, type DiscoveredAccount } from '../domain/identity.js';
import type { IdentityFileEntry } from '../domain/model.js';
import type { VendorError } from '../domain/errors.js';
import type { Connectors } from '../vendors/types.js';

export interface IdentitySnapshot {
  directory: IdentityDirectory;
  builtAt: Date;
  /** Vendors whose account list could not be fetched for this build (their people may be incomplete). */
  failures: VendorError[];
}

export function loadIdentityFile(path: string): IdentityFileEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read identity file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parseIdentityFile(text);
}

export class IdentityService {
  private current: IdentitySnapshot | undefined;
  private building: Promise<IdentitySnapshot> | undefined;

  constructor(
    private readonly connectors: Connectors,
    private readonly file: IdentityFileEntry[],
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
    private readonly maxStaleMs = 15 * 60_000,
  ) {}

  /** The current directory; rebuilt when older than the TTL (in the background while a usable one exists). */
  async snapshot(): Promise<IdentitySnapshot> {
    const age = this.current ? this.now() - this.current.builtAt.getTime() : Infinity;
    if (age < this.ttlMs) return this.current!;
    const rebuild = (this.building ??= this.build().finally(() => {
      this.building = undefined;
    }));
    if (this.current && age < this.maxStaleMs) {
      rebuild.catch(() => undefined);
      return this.current;
    }
    return rebuild;
  }

  async directory(): Promise<IdentityDirectory> {
    return (await this.snapshot()).directory;
  }

  /** Forget the cached directory (after a mutation that may change accounts). */
  invalidate(): void {
    this.current = undefined;
  }

  private async build(): Promise<IdentitySnapshot> {
    const failures: VendorError[] = [];
    const discovered: DiscoveredAccount[] = [];
    const { sinch, cobrowser } = this.connectors;
    const [sinchAgents, chatAgents] = await Promise.all([
      sinch?.listAgents().catch((e: VendorError) => (failures.push(e), [])) ?? [],
      cobrowser?.getAllAgents().catch((e: VendorError) => (failures.push(e), [])) ?? [],
    ]);
    for (const a of sinchAgents) discovered.push({ vendor: 'sinch', id: a.id, name: a.name, email: a.email });
    for (const a of chatAgents) {
      discovered.push({
        vendor: 'cobrowser',
        id: a.id,
        name: [a.firstName, a.lastName].filter(Boolean).join(' ') || a.username,
        email: normalizeEmail(a.username),
      });
    }
    const snapshot: IdentitySnapshot = {
      directory: new IdentityDirectory(linkPeople(this.file, discovered)),
      builtAt: new Date(this.now()),
      failures,
    };
    // A build with failures is not cached for the full TTL, so people reappear as soon as the vendor does.
    if (failures.length === 0) this.current = snapshot;
    return snapshot;
  }
}
