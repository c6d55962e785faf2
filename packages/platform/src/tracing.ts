import { context, propagation, trace, type Context } from '@opentelemetry/api';

/*
 * Distributed tracing (OpenTelemetry). A process starts the SDK only when an OTLP endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`); otherwise not one module of
 * the SDK is loaded and every helper here is a no-op through the OpenTelemetry API's no-op defaults.
 * This module imports nothing but `@opentelemetry/api`, so an entry point can load it first: the
 * instrumentations (http, pg, ioredis, graphql) patch those modules when they are first required.
 */

/** A W3C trace context as carried in an event envelope or job metadata. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

interface StartedSdk {
  shutdown(): Promise<void>;
}

let sdk: StartedSdk | null = null;

/**
 * The `OTEL_*` variables are OpenTelemetry's own standard configuration, which its exporters and span
 * processors read from the environment themselves; they are not SalesTrail settings of a config.ts.
 */
// eslint-disable-next-line no-restricted-syntax
const OTEL_ENV: Record<string, string | undefined> = process.env;

/** Whether the environment asks for traces to be exported. */
export function tracingConfigured(env: Record<string, string | undefined> = OTEL_ENV): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Whether this process started the SDK (so spans are recorded and exported). */
export function tracingActive(): boolean {
  return sdk !== null;
}

/**
 * Starts the OpenTelemetry SDK for Node (a tracer provider with the async-hooks context manager and the W3C
 * propagators) for `serviceName` when an OTLP endpoint is configured, exporting in batches over OTLP as
 * the standard variables say (`OTEL_EXPORTER_OTLP_PROTOCOL`: http/protobuf by default, http/json or
 * grpc; `OTEL_BSP_*`, `OTEL_TRACES_SAMPLER`, `OTEL_RESOURCE_ATTRIBUTES`), with the http, pg, ioredis and
 * graphql instrumentations. Traces only: metrics are Prometheus', logs go to stdout. Returns whether it
 * started. Call it before anything else is imported.
 */
export function startTracing(
  serviceName: string,
  env: Record<string, string | undefined> = OTEL_ENV,
  options: { graphql?: boolean } = {},
): boolean {
  if (sdk) return true;
  if (!tracingConfigured(env)) return false;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors: [new BatchSpanProcessor(otlpExporter(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL))],
  });
  provider.register();
  const quiet = /^\/(healthz|readyz|metrics)(\?|$)/;
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => quiet.test(req.url ?? '') }),
      // Only inside a traced unit of work: the relay's polling and the pool's housekeeping are not traces.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      // The gateway's GraphQL spans come from Hive Gateway's own plugin (graphql: false there).
      ...(options.graphql === false ? [] : [new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true, depth: 2 })]),
    ],
  });
  sdk = provider;
  return true;
}

/** The OTLP span exporter of a protocol (each reads its endpoint and headers from the `OTEL_*` variables). */
function otlpExporter(protocol: string | undefined): import('@opentelemetry/sdk-trace-node').SpanExporter {
  /* eslint-disable @typescript-eslint/no-require-imports -- only the chosen protocol's exporter is loaded */
  switch (protocol?.trim()) {
    case 'grpc':
      return new (require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter();
    case 'http/json':
      return new (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
    default:
      return new (require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter();
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Flushes and stops the SDK (at shutdown); nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = null;
  await running?.shutdown().catch(() => undefined);
}

/** The current trace context as W3C headers (undefined when nothing is being traced). */
export function currentTraceCarrier(ctx: Context = context.active()): TraceCarrier | undefined {
  if (!trace.getSpan(ctx)?.spanContext().traceId) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The context a carried trace context continues (the active one when there is none). */
export function contextFromCarrier(carrier: TraceCarrier | null | undefined): Context {
  return carrier?.traceparent ? propagation.extract(context.active(), carrier) : context.active();
}

/** The trace and span ids of the active span, for log lines (empty when nothing is traced). */
export function activeTraceIds(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return traceId && !/^0+$/.test(traceId) ? { traceId, spanId } : {};
}

/** BullMQ's OpenTelemetry support (bullmq-otel) for queues and workers, when tracing is on. */
export function bullmqTelemetry(): import('bullmq').Telemetry | undefined {
  if (!sdk) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BullMQOtel } = require('bullmq-otel') as typeof import('bullmq-otel');
  return new BullMQOtel({ tracerName: 'salestrail-bullmq' });
}
