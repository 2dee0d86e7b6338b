/** Confirmation tokens: bound, short-lived, single-use, bounded in number. */
import { describe, expect, it } from 'vitest';
import { ConfirmationTokens } from '../../src/mcp/confirm.js';

describe('ConfirmationTokens', () => {
  it('redeems once, only with the binding it was issued for, and only before it expires', () => {
    let now = 1_000;
    const tokens = new ConfirmationTokens(60_000, 100, () => now);
    const t = tokens.issue('caller-a|set_ready_state|args');
    expect(tokens.redeem(t, 'caller-b|set_ready_state|args')).toBe('mismatch');
    expect(tokens.redeem(t, 'caller-a|set_ready_state|args')).toBe('ok');
    expect(tokens.redeem(t, 'caller-a|set_ready_state|args')).toBe('unknown');

    const late = tokens.issue('x');
    now += 60_000;
    expect(tokens.redeem(late, 'x')).toBe('expired');
    expect(tokens.redeem(late, 'x')).toBe('unknown');
  });

  it('keeps at most `max` pending tokens, dropping the oldest', () => {
    const tokens = new ConfirmationTokens(60_000, 3);
    const first = tokens.issue('1');
    for (const b of ['2', '3', '4']) tokens.issue(b);
    expect(tokens.size).toBe(3);
    expect(tokens.redeem(first, '1')).toBe('unknown');
  });
});
