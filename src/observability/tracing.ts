/**
 * OpenTelemetry tracing, on when configured (CCGRAPH_TRACING=console|otlp, or OTEL_EXPORTER_OTLP_ENDPOINT).
 * Spans: one per GraphQL operation (@envelop/opentelemetry) and one per vendor call attempt, as a child of the
 * operation that caused it. Vendor spans carry the endpoint template only: never a URL, id or key.
 */
import { createRequire } from 'node:module';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import type * as EnvelopTracing from '@envelop/opentelemetry';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { VendorCallEvent } from './metrics.js';

export const TRACER_NAME = 'ccgraph';

// The SDK, the exporter and the operation plugin (~10 MB of heap, ~30 MB of RSS) load only when tracing is on.
// Their CommonJS builds (the SDK has no other) keep createTracing synchronous.
const load = createRequire(import.meta.url);

/** Span attribute names of vendor call spans. */
export const VendorSpanAttribute = {
  VENDOR: 'ccgraph.vendor',
  ENDPOINT: 'ccgraph.vendor.endpoint',
  ATTEMPT: 'ccgraph.vendor.attempt',
  ERROR_CODE: 'ccgraph.vendor.error_code',
  METHOD: 'http.request.method',
  STATUS: 'http.response.status_code',
} as const;

export interface Tracing {
  provider: TraceNode.NodeTracerProvider;
  tracer: Tracer;
  /** GraphQL operation spans; add to yoga's plugins. */
  plugin: Plugin;
  /** Records a finished vendor call attempt as a CLIENT span under the active operation span. */
  onVendorCall(e: VendorCallEvent): void;
  /** Flushes pending spans and stops the exporter. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Overrides the configured exporter (tests: an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

/** Null when tracing is off and no exporter is given. */
export function createTracing(config: Config['tracing'], opts: TracingOptions = {}): Tracing | null {
  if (!opts.exporter && config.exporter !== 'console' && !(config.exporter === 'otlp' && config.otlpEndpoint)) return null;
  const base = load('@opentelemetry/sdk-trace-base') as typeof TraceBase;
  let processor: SpanProcessor;
  if (opts.exporter) processor = new base.SimpleSpanProcessor(opts.exporter);
  else if (config.exporter === 'console') processor = new base.SimpleSpanProcessor(new base.ConsoleSpanExporter());
  else {
    const { OTLPTraceExporter } = load('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
    // The exporter would read OTEL_* itself; config.ts is the only reader of process.env, so pass the URL.
    processor = new base.BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.otlpEndpoint!.replace(/\/+$/, '')}/v1/traces` }));
  }
  const { NodeTracerProvider } = load('@opentelemetry/sdk-trace-node') as typeof TraceNode;
  const { resourceFromAttributes } = load('@opentelemetry/resources') as typeof Resources;
  const { setCurrentOtelContext, useOpenTelemetry } = load('@envelop/opentelemetry') as typeof EnvelopTracing;

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [processor],
  });
  // Installs the AsyncLocalStorage context manager so vendor spans find their operation span. A second
  // provider in one process (tests) keeps the first global registration; spans still go to their own tracer.
  provider.register();
  const tracer = provider.getTracer(TRACER_NAME);

  const operations = useOpenTelemetry(
    // Never variables or results (they carry ids); documents only when they have no inline arguments.
    { resolvers: false, variables: false, result: false, document: true },
    provider,
    SpanKind.SERVER,
    {},
    TRACER_NAME,
  ) as unknown as Plugin;
  // A caller's W3C `traceparent` (a router, a proxy) becomes the operation span's parent.
  const plugin: Plugin = {
    onPluginInit({ addPlugin }) {
      addPlugin({
        onExecute({ args }) {
          const request = (args.contextValue as { request?: Request }).request;
          if (request?.headers.has('traceparent')) {
            setCurrentOtelContext(args.contextValue, propagation.extract(ROOT_CONTEXT, request.headers, headerGetter));
          }
        },
      });
      addPlugin(operations);
    },
  };

  return {
    provider,
    tracer,
    plugin,
    onVendorCall(e) {
      const end = Date.now();
      const span = tracer.startSpan(
        `${e.vendor} ${e.endpoint}`,
        {
          kind: SpanKind.CLIENT,
          startTime: end - e.durationMs,
          attributes: {
            [VendorSpanAttribute.VENDOR]: e.vendor,
            [VendorSpanAttribute.ENDPOINT]: e.endpoint,
            [VendorSpanAttribute.METHOD]: e.method,
            ...(e.status !== undefined ? { [VendorSpanAttribute.STATUS]: e.status } : {}),
            ...(e.attempt !== undefined ? { [VendorSpanAttribute.ATTEMPT]: e.attempt } : {}),
            ...(e.errorCode ? { [VendorSpanAttribute.ERROR_CODE]: e.errorCode } : {}),
          },
        },
        context.active(),
      );
      if (e.errorCode) span.setStatus({ code: SpanStatusCode.ERROR, message: e.errorCode });
      span.end(end);
    },
    shutdown: () => provider.shutdown(),
  };
}

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** The trace id of the active span (for log correlation); undefined outside a traced operation. */
export function activeTraceId(): string | undefined {
  return trace.getSpan(context.active())?.spanContext().traceId;
}
