/** Reading a vendor's answer body with a cap counted while it streams: beyond it the transfer is cut off, never buffered. */

interface StreamedAnswer {
  headers: Record<string, string | string[] | undefined>;
  body: {
    on(event: 'data', listener: (chunk: Buffer) => void): unknown;
    on(event: 'end', listener: () => void): unknown;
    on(event: 'error', listener: (e: Error) => void): unknown;
    destroy(): unknown;
  };
}

/**
 * The body as UTF-8 text. Read with stream events rather than `for await` (one promise per chunk) and decoded without
 * a copy when it came in one chunk: every vendor read goes through here.
 */
export function readCappedBody(res: StreamedAnswer, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.body.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let over = false;
    res.body.on('data', (chunk: Buffer) => {
      if (over) return;
      length += chunk.length;
      if (length > maxBytes) {
        over = true;
        res.body.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    res.body.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, length).toString('utf8')));
    res.body.on('error', reject);
  });
}
