/**
 * OpenTelemetry tracing, on when configured (CCGRAPH_TRACING=console|otlp, or OTEL_EXPORTER_OTLP_ENDPOINT).
 * Spans: one per GraphQL operation (@envelop/opentelemetry) and one per vendor call attempt, as a child of the
 * operation that caused it. Vendor spans carry the endpoint template only: never a URL, id or key.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import { setCurrentOtelContext, useOpenTelemetry } from '@envelop/opentelemetry';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { VendorCallEvent } from './metrics.js';

export const TRACER_NAME = 'ccgraph';

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
  provider: NodeTracerProvider;
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
  let processor: SpanProcessor;
  if (opts.exporter) processor = new SimpleSpanProcessor(opts.exporter);
  else if (config.exporter === 'console') processor = new SimpleSpanProcessor(new ConsoleSpanExporter());
  else if (config.exporter === 'otlp' && config.otlpEndpoint) {
    // The exporter would read OTEL_* itself; config.ts is the only reader of process.env, so pass the URL.
    processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` }));
  } else return null;

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
