/**
 * Pauses the vendor accepted but applies later: cc_agent defers a pause asked for an agent in a contact (or its
 * wrap-up) to the end of that contact, and answers success at once. One gateway instance remembers what it was
 * asked (per person), so `Agent.pendingPause` can show it until the agent leaves the contact. Bounded by the number
 * of people; entries older than `maxAgeMs` are forgotten.
 */
export interface PendingPause {
  pauseId: number;
  requestedAt: Date;
}

export class PendingPauses {
  private readonly byPerson = new Map<string, PendingPause>();

  constructor(
    private readonly maxAgeMs = 4 * 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  set(personKey: string, pauseId: number): PendingPause {
    const entry = { pauseId, requestedAt: new Date(this.now()) };
    this.byPerson.set(personKey, entry);
    return entry;
  }

  get(personKey: string): PendingPause | null {
    const e = this.byPerson.get(personKey);
    if (!e) return null;
    if (this.now() - e.requestedAt.getTime() > this.maxAgeMs) {
      this.byPerson.delete(personKey);
      return null;
    }
    return e;
  }

  clear(personKey: string): void {
    this.byPerson.delete(personKey);
  }

  get size(): number {
    return this.byPerson.size;
  }
}
