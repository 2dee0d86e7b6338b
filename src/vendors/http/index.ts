/**
 * The shared vendor HTTP layer: the client (client.ts), read sharing (sharing.ts), failure interpretation
 * (failures.ts), redaction (redact.ts) and query building (query.ts). Connectors import from here.
 */
export { VendorHttp } from './client.js';
export { WriteClock } from './sharing.js';
export {
  MalformedBodyError,
  VendorReportedError,
  parseJsonLenient,
  parseRetryAfter,
} from './failures.js';
export { redactText, redactUrl } from './redact.js';
export { basicAuth, buildQuery, chunkJoined, type Query, type QueryValue } from './query.js';
export {
  tuning,
  type GetRequest,
  type HttpTuning,
  type VendorCallEvent,
  type VendorCallObserver,
  type VendorHttpOptions,
  type WriteRequest,
} from './options.js';
export { GateRefusal, LocalGate, type CallGate, type CallLease, type GateRules, type GateStats } from './gate.js';
export { RedisGate, type RedisGateOptions } from './redis-gate.js';
