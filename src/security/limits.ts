/**
 * Request limits as yoga/envelop plugins: graphql-armor (depth, aliases, directives, tokens, field suggestions),
 * demand control (cost and per-client budgets, demand.ts), introspection switch; plus the yoga server options that are not plugins
 * (body size, error masking, GraphiQL). Every refusal carries a stable `extensions.code` (docs/errors.md).
 */
import { IncomingMessage } from 'node:http';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { createGraphQLError, maskError as yogaMaskError, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import type { LimitsConfig } from './config.js';
import { limitError, SecurityErrorCode, type SecurityErrorCode as Code } from './errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type YogaPlugin = Plugin<any>;

/** graphql-armor reports "Syntax Error: …" with no code; re-issue its message with ours. */
function armorReject(code: Code) {
  return (ctx: ValidationContext | null, error: GraphQLError) => {
    const coded = limitError(code, error.message.replace(/^Syntax Error: /, ''));
    // Validation-phase rules have a context: report like any validation error (HTTP 400, all errors listed).
    // The token limit runs inside the parser, which only stops by throwing.
    if (ctx) ctx.reportError(coded);
    else throw coded;
  };
}

export function armorPlugins(limits: LimitsConfig): YogaPlugin[] {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  const armor = new EnvelopArmor({
    maxDepth: { ...common, n: limits.maxDepth, ignoreIntrospection: true, onReject: [armorReject(SecurityErrorCode.MAX_DEPTH_EXCEEDED)] },
    maxAliases: { ...common, n: limits.maxAliases, onReject: [armorReject(SecurityErrorCode.MAX_ALIASES_EXCEEDED)] },
    maxDirectives: { ...common, n: limits.maxDirectives, onReject: [armorReject(SecurityErrorCode.MAX_DIRECTIVES_EXCEEDED)] },
    maxTokens: { ...common, n: limits.maxTokens, onReject: [armorReject(SecurityErrorCode.MAX_TOKENS_EXCEEDED)] },
    // Cost: demand.ts (a model of vendor work declared on the schema), not armor's depth-factor formula.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: limits.blockFieldSuggestions },
  });
  return armor.protect().plugins as YogaPlugin[];
}

/** Refuses `__schema` / `__type` (not `__typename`, which clients need for unions and caching). */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name === '__schema' || name === '__type') {
      context.reportError(
        createGraphQLError('Introspection is disabled on this server.', {
          nodes: [node],
          extensions: { code: SecurityErrorCode.INTROSPECTION_DISABLED },
        }),
      );
    }
  },
});

export function useNoIntrospection(): YogaPlugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospectionRule);
    },
  };
}

/**
 * yoga JSON.parses the `variables` / `extensions` parameters of GET and form requests unguarded, so a typo there
 * became HTTP 500 INTERNAL_SERVER_ERROR. Refuse it as the client error it is (400 BAD_REQUEST, like a bad JSON body).
 */
export function useStrictRequestParams(): YogaPlugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request: Request) => {
        try {
          return await requestParser(request);
        } catch (e) {
          if (!(e instanceof SyntaxError)) throw e;
          throw createGraphQLError('The `variables` or `extensions` parameter is not valid JSON.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
    },
  };
}

/** Deeper than any input type of the schema (at most 3 levels) by far; JSON.stringify and friends recurse. */
export const MAX_VARIABLES_DEPTH = 32;

/** True when `value` nests objects/arrays deeper than `max` (iterative: the input may be 20,000 deep). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

export const variablesTooDeep = () =>
  createGraphQLError(`Variables are nested deeper than ${MAX_VARIABLES_DEPTH} levels.`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });

/**
 * Refuses variables nested absurdly deep (400 BAD_USER_INPUT) before anything walks them recursively: a
 * 20,000-deep undeclared variable overflowed the stack in JSON.stringify and answered HTTP 500. graphql-ws
 * operations are checked the same way in the socket's onSubscribe (src/server.ts, `checkVariables`).
 */
export function useVariablesDepthLimit(): YogaPlugin {
  return {
    onParams({ params }) {
      if (nestedDeeperThan(params.variables, MAX_VARIABLES_DEPTH)) throw variablesTooDeep();
    },
  };
}

/**
 * graphql-js parses recursively: a list literal nested ~2000 deep (`[[[[…`, within the token limit) exhausts the
 * stack, and the RangeError was masked as HTTP 500. Wraps the parser (after graphql-armor's token-limit parser)
 * so it is refused like any other over-deep document.
 */
export function useParseStackGuard(): YogaPlugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parseFn(source, options);
        } catch (e) {
          if (!(e instanceof RangeError)) throw e;
          throw limitError(SecurityErrorCode.MAX_DEPTH_EXCEEDED, 'The document is nested too deeply to parse.');
        }
      });
    },
  };
}

const bodyTooLarge = () =>
  createGraphQLError('Request body too large', { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } });
const CONTENT_LENGTH = /^\d+$/;

/**
 * The request body limit, with yoga's answers (its `maxRequestBodySize`, turned off in securityYogaOptions): a
 * Content-Length over the limit is 413 REQUEST_ENTITY_TOO_LARGE, a malformed one 400 BAD_REQUEST, and a body without
 * one (chunked) is counted while it is read and cut off at the limit with 413. Unlike yoga, a body that came through
 * Node's HTTP parser with a valid Content-Length is not counted again: the parser delivers exactly that many bytes
 * (and refuses Content-Length with Transfer-Encoding), and the counting stream cost ~3 % of a dashboard's CPU.
 * Install it after every plugin that sets a request parser (yoga's own are set before any user plugin).
 */
export function useRequestBodyLimit(limit: number): YogaPlugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, serverContext, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength != null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw createGraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
        }
        if (Number(contentLength) > limit) throw bodyTooLarge();
        if ((serverContext as { req?: unknown } | undefined)?.req instanceof IncomingMessage) return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser((req: Request) => requestParser(countedBody(req, limit, fetchAPI)));
    },
  };
}

/** The request with a body that errors with 413 once more than `limit` bytes were read (yoga's own wrapper). */
function countedBody(request: Request, limit: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  const body = request.body;
  if (!body) return request;
  // A native stream needs the native TransformStream, a ponyfill one the ponyfill's (graphql-yoga#4583).
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytesRead = 0;
  const counted = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytesRead += chunk.byteLength;
        if (bytesRead > limit) controller.error(bodyTooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: counted,
    duplex: 'half',
  } as RequestInit);
}

/** The limit plugins for `plugins:` (authentication is added by securityPlugins; CSRF is src/plugins/csrf.ts). The body limit goes last. */
export function limitPlugins(limits: LimitsConfig, demand?: YogaPlugin): YogaPlugin[] {
  const plugins = [useStrictRequestParams(), useVariablesDepthLimit(), ...armorPlugins(limits), useParseStackGuard()];
  if (demand) plugins.push(demand);
  if (!limits.introspection) plugins.push(useNoIntrospection());
  plugins.push(useRequestBodyLimit(limits.maxBodyBytes));
  return plugins;
}

/**
 * graphql-js reports bad variables ("Variable "$id" got invalid value …", "… must not be null") without a code,
 * and yoga passes them on as they are. Every error we return must carry one (docs/errors.md): a request-level
 * error (no `path`) without a code is the client's input, BAD_USER_INPUT.
 */
function withRequestErrorCode(error: Error): Error {
  if (error.name !== 'GraphQLError') return error;
  const e = error as GraphQLError;
  if (e.path !== undefined || typeof e.extensions?.code === 'string') return error;
  return createGraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...e.extensions, code: 'BAD_USER_INPUT' },
  });
}

export interface SecurityYogaOptions {
  maskedErrors: NonNullable<Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean>>;
  /** Off: limitPlugins' useRequestBodyLimit enforces CCGRAPH_MAX_BODY_BYTES (cheaper, same answers). */
  maxRequestBodySize: false;
}

/**
 * Yoga server options (not plugins). Unexpected errors become "Unexpected error." with code
 * INTERNAL_SERVER_ERROR and no stack or cause, even with NODE_ENV=development; GraphQLErrors we raise on
 * purpose (they carry an extensions.code) pass unchanged. `onUnexpectedError` sees the original, for logs.
 */
export function securityYogaOptions(onUnexpectedError?: (error: unknown) => void): SecurityYogaOptions {
  return {
    maskedErrors: {
      isDev: false,
      maskError: (error, message) => {
        const masked = yogaMaskError(error, message, false);
        if (masked !== error) onUnexpectedError?.(error);
        return withRequestErrorCode(masked);
      },
    },
    maxRequestBodySize: false,
  };
}
