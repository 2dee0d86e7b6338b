/** The simulator's one timer heap: agent state timers, break timers and chat slot timers. */
import type { ChatSlot, SimAgent } from './types.js';

export type SimEvent =
  | { at: number; seq: number; kind: 'agent' | 'break'; agent: SimAgent; version: number }
  | { at: number; seq: number; kind: 'slot'; agent: SimAgent; slot: ChatSlot; version: number };

export type SimEventInit = SimEvent extends infer E ? (E extends SimEvent ? Omit<E, 'seq'> : never) : never;

/** Binary min-heap ordered by (at, seq): ties resolve in insertion order, so processing is deterministic. */
export class EventHeap {
  private items: SimEvent[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): SimEvent | undefined {
    return this.items[0];
  }
  private less(a: SimEvent, b: SimEvent): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(e: SimEvent): void {
    const items = this.items;
    items.push(e);
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(items[i]!, items[p]!)) break;
      [items[i], items[p]] = [items[p]!, items[i]!];
      i = p;
    }
  }
  pop(): SimEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}
