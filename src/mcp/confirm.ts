/**
 * Confirmation tokens for the MCP mutation tools: a preview issues one, the confirming call redeems it. A token is
 * bound to the caller, the tool and its exact arguments, lives briefly and works once. Held per gateway instance.
 */
import { randomBytes } from 'node:crypto';

export type Redeemed = 'ok' | 'unknown' | 'expired' | 'mismatch';

export class ConfirmationTokens {
  private readonly pending = new Map<string, { binding: string; expiresAt: number }>();

  constructor(
    readonly ttlMs = 120_000,
    private readonly max = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(binding: string): string {
    this.prune();
    // Bounded: the oldest pending token goes first when a caller floods previews.
    while (this.pending.size >= this.max) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    const token = randomBytes(18).toString('base64url');
    this.pending.set(token, { binding, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  /** Single use: an accepted token is gone. A token shown with other arguments or by another caller stays unused. */
  redeem(token: string, binding: string): Redeemed {
    const entry = this.pending.get(token);
    if (!entry) return 'unknown';
    if (entry.expiresAt <= this.now()) {
      this.pending.delete(token);
      return 'expired';
    }
    if (entry.binding !== binding) return 'mismatch';
    this.pending.delete(token);
    return 'ok';
  }

  get size(): number {
    return this.pending.size;
  }

  private prune(): void {
    const t = this.now();
    for (const [k, v] of this.pending) if (v.expiresAt <= t) this.pending.delete(k);
  }
}
