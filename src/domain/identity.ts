/**
 * Linking vendor accounts into people. Precedence: the identity file, then a shared email, else the account
 * stands alone. Pure functions: callers fetch accounts and the file; this only decides who is who.
 */
import { z } from 'zod';
import type { AccountIds, IdentityFileEntry, Person } from './model.js';
import { VENDORS, type VendorName } from './vendors.js';

/** An account as a vendor reports it, before linking. */
export interface DiscoveredAccount {
  vendor: VendorName;
  id: string;
  name: string;
  /** Only vendors that know an email (Sinch `email`, CoBrowser usernames that are emails) set it. */
  email: string | null;
}

const accountsSchema = z
  .object(Object.fromEntries(VENDORS.map((v) => [v, z.union([z.string().min(1), z.number()]).optional()])))
  .strict();

export const identityFileSchema = z.array(
  z
    .object({
      key: z.string().min(1).max(200),
      name: z.string().min(1).max(500),
      email: z.string().max(320).optional(),
      accounts: accountsSchema,
    })
    .strict(),
);

/** Parses and validates the `CCGRAPH_IDENTITIES` JSON. Throws an Error listing every problem. */
export function parseIdentityFile(json: string): IdentityFileEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`identity file is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = identityFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`identity file is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  const keys = new Set<string>();
  const owners = new Map<string, string>();
  const problems: string[] = [];
  const entries = parsed.data.map((e) => {
    if (keys.has(e.key)) problems.push(`duplicate key ${JSON.stringify(e.key)}`);
    keys.add(e.key);
    const accounts: AccountIds = {};
    for (const v of VENDORS) {
      const id = e.accounts[v];
      if (id === undefined) continue;
      accounts[v] = String(id);
      const owner = owners.get(`${v}:${id}`);
      if (owner) problems.push(`${v} account ${JSON.stringify(String(id))} is linked to both ${owner} and ${e.key}`);
      owners.set(`${v}:${id}`, e.key);
    }
    return { key: e.key, name: e.name, ...(e.email ? { email: e.email } : {}), accounts };
  });
  if (problems.length) throw new Error(`identity file is invalid:\n  - ${problems.join('\n  - ')}`);
  return entries;
}

export const normalizeEmail = (email: string | null | undefined): string | null => {
  const e = email?.trim().toLowerCase();
  return e && e.includes('@') ? e : null;
};

/**
 * Builds people from the identity file and the accounts the vendors report. Every discovered account ends up in
 * exactly one person; file entries appear even when no vendor reported their accounts (e.g. cc_agent, which has no
 * read API).
 */
export function linkPeople(file: IdentityFileEntry[], discovered: DiscoveredAccount[]): Person[] {
  const people: Person[] = [];
  const byAccount = new Map<string, Person>();
  const byEmail = new Map<string, Person>();
  const accountKey = (v: VendorName, id: string) => `${v}:${id}`;

  for (const entry of file) {
    const person: Person = {
      key: entry.key,
      name: entry.name,
      email: entry.email ?? null,
      accounts: { ...entry.accounts },
      linkedBy: 'FILE',
    };
    people.push(person);
    for (const v of VENDORS) {
      const id = person.accounts[v];
      if (id !== undefined) byAccount.set(accountKey(v, id), person);
    }
    const email = normalizeEmail(person.email);
    if (email && !byEmail.has(email)) byEmail.set(email, person);
  }

  for (const acc of discovered) {
    const k = accountKey(acc.vendor, acc.id);
    const linked = byAccount.get(k);
    if (linked) {
      if (!linked.email && acc.email) linked.email = acc.email;
      continue;
    }
    const email = normalizeEmail(acc.email);
    const sameEmail = email ? byEmail.get(email) : undefined;
    if (sameEmail && sameEmail.accounts[acc.vendor] === undefined) {
      sameEmail.accounts[acc.vendor] = acc.id;
      if (sameEmail.linkedBy === 'SINGLE') sameEmail.linkedBy = 'EMAIL';
      byAccount.set(k, sameEmail);
      continue;
    }
    const person: Person = {
      key: email && !sameEmail ? `email:${email}` : k,
      name: acc.name,
      email: acc.email,
      accounts: { [acc.vendor]: acc.id },
      linkedBy: 'SINGLE',
    };
    people.push(person);
    byAccount.set(k, person);
    if (email && !sameEmail) byEmail.set(email, person);
  }
  return people;
}

/** Fast lookups over a linked set of people. */
export class IdentityDirectory {
  private readonly byKey = new Map<string, Person>();
  private readonly byAccount = new Map<string, Person>();

  constructor(readonly people: Person[]) {
    for (const p of people) {
      this.byKey.set(p.key, p);
      for (const v of VENDORS) {
        const id = p.accounts[v];
        if (id !== undefined) this.byAccount.set(`${v}:${id}`, p);
      }
    }
  }

  private sorted: readonly Person[] | undefined;

  /** Everyone by name, then key (the order lists show), sorted once per directory rather than per request. */
  get byName(): readonly Person[] {
    return (this.sorted ??= [...this.people].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key)));
  }

  get(key: string): Person | undefined {
    return this.byKey.get(key);
  }

  forAccount(vendor: VendorName, id: string): Person | undefined {
    return this.byAccount.get(`${vendor}:${id}`);
  }
}
