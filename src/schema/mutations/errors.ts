/**
 * Typed failures of the agent-control mutations (errors plugin: each becomes a member of the mutation's result
 * union). A VendorError from a connector is classified once, here, by the phase it happened in: a failure while
 * *reading* before a write means nothing was changed; a timeout while *writing* means nobody knows.
 */
import { isVendorError, type VendorErrorCode } from '../../domain/errors.js';
import { VENDOR_LABELS, type VendorName } from '../../domain/vendors.js';
import { builder } from '../builder.js';
import { VendorEnum } from '../enums.js';

export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    /** The argument at fault, e.g. `agentId` or `queueIds`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class AgentNotFoundError extends Error {
  override readonly name = 'AgentNotFoundError';
  constructor(readonly agentId: string) {
    super('No agent with this ID.');
  }
}

export class AgentHasNoAccountError extends Error {
  override readonly name = 'AgentHasNoAccountError';
  constructor(readonly vendor: VendorName) {
    super(`The agent has no ${VENDOR_LABELS[vendor]} account, so this change cannot be made there.`);
  }
}

export class VendorRejectedError extends Error {
  override readonly name = 'VendorRejectedError';
  constructor(
    readonly vendor: VendorName,
    /** The vendor's own reason, made safe; null when it gave none. */
    readonly vendorMessage: string | null,
    readonly httpStatus: number | null,
  ) {
    super(`${VENDOR_LABELS[vendor]} rejected the change${vendorMessage ? `: ${vendorMessage}` : '.'}`);
  }
}

export class VendorUnavailableError extends Error {
  override readonly name = 'VendorUnavailableError';
  constructor(
    readonly vendor: VendorName,
    readonly code: VendorErrorCode,
  ) {
    super(`${VENDOR_LABELS[vendor]} is unavailable (${code}); nothing was changed.`);
  }
}

export class OutcomeUnknownError extends Error {
  override readonly name = 'OutcomeUnknownError';
  constructor(readonly vendor: VendorName) {
    super(
      `${VENDOR_LABELS[vendor]} did not confirm the change in time; it may or may not have been applied. ` +
        'Read the agent again before retrying.',
    );
  }
}

export const MUTATION_ERRORS = [
  InvalidInputError,
  AgentNotFoundError,
  AgentHasNoAccountError,
  VendorRejectedError,
  VendorUnavailableError,
  OutcomeUnknownError,
] as const;

// ---------------------------------------------------------------------------------------------------------
// Making a vendor's words safe to show

const MAX_VENDOR_MESSAGE = 200;
// Credential-looking pairs and bearer tokens, whatever the vendor echoes back (configured secrets are already
// masked by the HTTP layer; this also covers values we never configured, e.g. another tenant's key).
const CREDENTIAL_PAIR = /\b(api[_-]?key|apikey|access[_-]?token|token|password|passwd|pwd|secret|authorization)\b(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;]+)/gi;
const BEARER = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

/** A vendor's failure text as a client may see it: no credentials, no control characters, at most 200 chars. */
export function safeVendorMessage(text: string | undefined | null): string | null {
  if (!text) return null;
  const clean = text
    // Schemes first: in `Authorization: Bearer <token>` the pair rule alone would only catch the word Bearer.
    .replace(BEARER, (_m, scheme: string) => `${scheme} [redacted]`)
    .replace(CREDENTIAL_PAIR, (_m, k: string, sep: string) => `${k}${sep}[redacted]`)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean) return null;
  return clean.length > MAX_VENDOR_MESSAGE ? `${clean.slice(0, MAX_VENDOR_MESSAGE - 1)}…` : clean;
}

/**
 * A connector failure → the typed mutation error. `phase` says whether the write itself was under way:
 * only then can a timeout (or an unreadable answer) leave the outcome unknown. Anything that is not a
 * VendorError is returned untouched (a bug: the server masks it).
 */
export function classifyVendorFailure(e: unknown, phase: 'read' | 'write'): unknown {
  if (!isVendorError(e)) return e;
  switch (e.code) {
    case 'TIMEOUT':
    case 'MALFORMED_RESPONSE':
      return phase === 'write' ? new OutcomeUnknownError(e.vendor) : new VendorUnavailableError(e.vendor, e.code);
    case 'REJECTED':
    case 'BAD_REQUEST':
    case 'NOT_FOUND':
      return new VendorRejectedError(
        e.vendor,
        safeVendorMessage(e.vendorMessage) ?? (e.code === 'NOT_FOUND' ? 'Not found' : null),
        e.status ?? null,
      );
    default:
      return new VendorUnavailableError(e.vendor, e.code);
  }
}

// ---------------------------------------------------------------------------------------------------------
// GraphQL types

const VENDOR_ERROR_CODES: Record<VendorErrorCode, string> = {
  TIMEOUT: 'No answer within the deadline.',
  NETWORK: 'The vendor could not be reached (connection refused or reset).',
  UNAUTHORIZED: "The vendor refused the gateway's credentials.",
  RATE_LIMITED: 'The vendor is rate limiting the gateway.',
  NOT_FOUND: 'The vendor did not find the entity.',
  BAD_REQUEST: 'The vendor rejected the parameters.',
  REJECTED: 'The vendor answered with a documented failure.',
  SERVER_ERROR: 'The vendor had an internal error (HTTP 5xx).',
  MALFORMED_RESPONSE: 'The answer did not have the documented shape.',
  CIRCUIT_OPEN: 'Not attempted: the vendor failed repeatedly, calls are paused for a moment.',
  NOT_CONFIGURED: 'The vendor is not configured on this gateway.',
};

export const VendorErrorCodeEnum = builder.enumType('VendorErrorCode', {
  description: 'Why a vendor call failed (stable values).',
  values: Object.fromEntries(
    Object.entries(VENDOR_ERROR_CODES).map(([code, description]) => [code, { value: code as VendorErrorCode, description }]),
  ) as Record<VendorErrorCode, { value: VendorErrorCode; description: string }>,
});

export const MutationErrorInterface = builder.interfaceRef<Error>('MutationError').implement({
  description: 'Something a mutation could not do. Every mutation result union has members implementing this.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people (branch on `__typename`).' }),
  }),
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description: 'An argument is malformed or impossible (e.g. an ID of the wrong type). No vendor was called.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The argument at fault, e.g. `agentId`.' }),
  }),
});

builder.objectType(AgentNotFoundError, {
  name: 'AgentNotFoundError',
  description: 'The Agent ID is well formed but names nobody this gateway knows. No vendor was changed.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    agentId: t.exposeID('agentId', { description: 'The Agent ID that was given.' }),
  }),
});

builder.objectType(AgentHasNoAccountError, {
  name: 'AgentHasNoAccountError',
  description: 'The agent has no account at the vendor that performs this change. No vendor was called.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, description: 'The vendor the agent would need an account at.', resolve: (e) => e.vendor }),
  }),
});

builder.objectType(VendorRejectedError, {
  name: 'VendorRejectedError',
  description: 'The vendor answered and refused the change (e.g. unknown user, device in use). Nothing was changed.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, description: 'The vendor that refused.', resolve: (e) => e.vendor }),
    vendorMessage: t.exposeString('vendorMessage', {
      nullable: true,
      description: "The vendor's own reason, with credentials removed and cut to 200 characters; null when it gave none.",
    }),
    httpStatus: t.exposeInt('httpStatus', {
      nullable: true,
      description: "The HTTP status of the refusal (200 when the vendor reports failures in the body, as cc_agent does).",
    }),
  }),
});

builder.objectType(VendorUnavailableError, {
  name: 'VendorUnavailableError',
  description: 'The vendor could not be asked, or failed before changing anything. Safe to retry later.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, description: 'The vendor that failed.', resolve: (e) => e.vendor }),
    code: t.field({ type: VendorErrorCodeEnum, description: 'Why it failed.', resolve: (e) => e.code }),
  }),
});

builder.objectType(OutcomeUnknownError, {
  name: 'OutcomeUnknownError',
  description:
    'The write was sent but the vendor did not confirm it in time: it may or may not have been applied. The gateway ' +
    'never retries a write; read the agent again before deciding to repeat it.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, description: 'The vendor that did not answer.', resolve: (e) => e.vendor }),
  }),
});
