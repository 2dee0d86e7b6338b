/** Reading what a subscriber is sent: the next message within a deadline, or everything sent so far. */

/** Reads the next value of an iterator or fails after `ms`. */
export async function nextWithin<T>(it: AsyncIterator<T>, ms = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([
    it.next(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
    }),
  ]);
  clearTimeout(timer);
  if (r.done) throw new Error('stream ended');
  return r.value;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads everything a subscriber has been sent so far (pending updates resolve before a macrotask). The unanswered
 * next() is kept for the following call: dropping it would swallow the message it later receives.
 */
export function drainer<T>(it: AsyncIterator<T>): () => Promise<T[]> {
  let outstanding: Promise<IteratorResult<T>> | null = null;
  return async () => {
    const out: T[] = [];
    for (;;) {
      outstanding ??= it.next();
      const r = await Promise.race([outstanding, new Promise<null>((res) => setImmediate(() => res(null)))]);
      if (!r) return out;
      outstanding = null;
      if (r.done) return out;
      out.push(r.value);
    }
  };
}
