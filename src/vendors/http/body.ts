/** Reading a vendor's answer body with a cap counted while it streams: beyond it the transfer is cut off, never buffered. */

interface StreamedAnswer {
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Buffer> & { destroy(): unknown };
}

export async function readCappedBody(res: StreamedAnswer, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of res.body) {
    length += chunk.length;
    if (length > maxBytes) {
      res.body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}
