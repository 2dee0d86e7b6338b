/**
 * Compresses JSON answers above a size (brotli or gzip, per Accept-Encoding): a 50-agent dashboard answer shrinks
 * about tenfold. Small answers go as they are (compression would cost more than it saves), and streams
 * (SSE, multipart) are never touched, so events are not held back in a compressor's buffer.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { YogaPlugin } from '../security/index.js';
import { pickEncoding } from './useGraphiQL.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Default threshold: below about one TCP packet there is nothing to win. */
export const COMPRESS_MIN_BYTES = 1024;

const JSON_TYPES = /^application\/(graphql-response\+)?json\b/i;

export function useResponseCompression(opts: { minBytes?: number } = {}): YogaPlugin {
  const minBytes = opts.minBytes ?? COMPRESS_MIN_BYTES;
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      // The client's header first: most machine clients ask for no encoding, and a response's body and headers
      // cost more to look at.
      const encoding = pickEncoding(request.headers.get('accept-encoding'));
      if (!encoding) return;
      if (!response.body || response.headers.has('content-encoding')) return;
      if (!JSON_TYPES.test(response.headers.get('content-type') ?? '')) return;
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(length) && length < minBytes) return;
      const raw = Buffer.from(await response.arrayBuffer());
      const headers = new fetchAPI.Headers(response.headers);
      headers.append('vary', 'accept-encoding');
      let body: Buffer = raw;
      if (raw.length >= minBytes) {
        // Fast settings: these answers are made per request.
        body =
          encoding === 'br'
            ? await brotli(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
            : await gzipAsync(raw, { level: 5 });
        headers.set('content-encoding', encoding);
      }
      headers.set('content-length', String(body.length));
      setResponse(new fetchAPI.Response(new Uint8Array(body), { status: response.status, statusText: response.statusText, headers }));
    },
  };
}
