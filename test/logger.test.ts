import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../src/logger.js';

describe('logger', () => {
  it('scrubs configured secrets (plain and URL-encoded) from messages and fields', () => {
    let out = '';
    const sink = new Writable({ write: (chunk, _e, cb) => ((out += chunk), cb()) });
    const logger = createLogger({ level: 'info', secrets: ['s3cr3t/key+1'], destination: sink });
    logger.info({ url: 'https://x/api?apiKey=s3cr3t%2Fkey%2B1', nested: { note: 'has s3cr3t/key+1 inside' }, password: 'whatever' }, 'calling with s3cr3t/key+1');
    logger.error(new Error('boom s3cr3t/key+1'));
    expect(out).not.toContain('s3cr3t');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('whatever');
  });

  it('leaves text without secrets alone', () => {
    expect(scrubSecrets('nothing to hide', ['abc123'])).toBe('nothing to hide');
  });
});
