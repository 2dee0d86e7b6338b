/** How connector failures become typed mutation errors, and how a vendor's words are made safe to show. */
import { describe, expect, it } from 'vitest';
import { VendorError, type VendorErrorCode } from '../../src/domain/errors.js';
import {
  classifyVendorFailure,
  OutcomeUnknownError,
  safeVendorMessage,
  VendorRejectedError,
  VendorUnavailableError,
} from '../../src/schema/mutations/errors.js';

const vendorError = (code: VendorErrorCode, extra: { status?: number; vendorMessage?: string } = {}) =>
  new VendorError({ vendor: 'ccagent', code, endpoint: 'GET /api/cc_agent/setPause', ...extra });

describe('classifyVendorFailure', () => {
  it('a timeout or unreadable answer during the write leaves the outcome unknown; before it, nothing happened', () => {
    for (const code of ['TIMEOUT', 'MALFORMED_RESPONSE'] as const) {
      expect(classifyVendorFailure(vendorError(code), 'write')).toBeInstanceOf(OutcomeUnknownError);
      const before = classifyVendorFailure(vendorError(code), 'read');
      expect(before).toBeInstanceOf(VendorUnavailableError);
      expect((before as VendorUnavailableError).code).toBe(code);
    }
  });

  it('refusals keep the vendor message and status; outages keep the code', () => {
    const rejected = classifyVendorFailure(vendorError('REJECTED', { status: 200, vendorMessage: 'User 5 not found' }), 'write');
    expect(rejected).toBeInstanceOf(VendorRejectedError);
    expect(rejected).toMatchObject({ vendor: 'ccagent', vendorMessage: 'User 5 not found', httpStatus: 200 });
    expect(classifyVendorFailure(vendorError('NOT_FOUND', { status: 404 }), 'write')).toMatchObject({ vendorMessage: 'Not found', httpStatus: 404 });
    expect(classifyVendorFailure(vendorError('BAD_REQUEST', { status: 400 }), 'write')).toMatchObject({ vendorMessage: null });
    for (const code of ['NETWORK', 'UNAUTHORIZED', 'RATE_LIMITED', 'SERVER_ERROR', 'CIRCUIT_OPEN', 'NOT_CONFIGURED'] as const) {
      const e = classifyVendorFailure(vendorError(code), 'write');
      expect(e).toBeInstanceOf(VendorUnavailableError);
      expect((e as VendorUnavailableError).code).toBe(code);
    }
  });

  it('anything that is not a vendor failure passes through untouched (a bug, masked by the server)', () => {
    const bug = new TypeError('x is undefined');
    expect(classifyVendorFailure(bug, 'write')).toBe(bug);
  });
});

describe('safeVendorMessage', () => {
  it('removes credential-looking values and bearer tokens', () => {
    const text = 'Invalid api_key=abcd1234secret for user; password: "hunter2 x", token=t0k3n&x=1, Authorization: Bearer eyJhbGciOi.payload.sig';
    const safe = safeVendorMessage(text)!;
    for (const secret of ['abcd1234secret', 'hunter2', 't0k3n', 'eyJhbGciOi']) expect(safe).not.toContain(secret);
    expect(safe).toContain('api_key=[redacted]');
    expect(safe).toContain('for user');
  });

  it('drops control characters, collapses whitespace and cuts to 200 characters', () => {
    expect(safeVendorMessage('line1\r\n\tline2\u0000  end')).toBe('line1 line2 end');
    const long = safeVendorMessage('x'.repeat(1000))!;
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
    expect(safeVendorMessage('   ')).toBeNull();
    expect(safeVendorMessage(undefined)).toBeNull();
  });
});
