import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Logger } from '@graphql-hive/logger';
import client from 'prom-client';
import { metricsRegistry } from '@salestrail/platform/dist/metrics';
import { tracingActive } from '@salestrail/platform/dist/tracing';

/** Requests refused by a rate limit: `user` (per verified user), `address` (failed authentication per client address). */
export const rateLimitRefusals = new client.Counter({
  name: 'salestrail_gateway_rate_limit_refusals_total',
  help: 'Requests the gateway refused for a rate limit, per limit (user, address)',
  labelNames: ['limit'] as const,
  registers: [metricsRegistry],
});

/** The error code a GraphQL error will carry (the contract's, after the gateway's mapping, when known). */
function errorCode(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/**
 * Hive Gateway's Prometheus plugin on the process registry: GraphQL requests by operation (count and
 * latency histogram), errors by operation, phase and error code, and each subgraph request's latency
 * and errors. Served with the rest by the metrics server, on its own port.
 */
export function usePrometheusMetrics(log: Logger): GatewayPlugin {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when metrics are served */
  const prometheus = require('@graphql-mesh/plugin-prometheus') as typeof import('@graphql-mesh/plugin-prometheus');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const usePrometheus = prometheus.default;
  return usePrometheus({
    log,
    registry: metricsRegistry,
    // The plugin would serve /metrics on the public API's port: the metrics server serves them on its own.
    endpoint: false,
    metrics: {
      graphql_envelop_request: true,
      graphql_envelop_request_duration: true,
      graphql_envelop_error_result: prometheus.createCounter({
        registry: metricsRegistry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'GraphQL errors by operation, phase and error code',
          labelNames: ['operationName', 'operationType', 'phase', 'code'],
        },
        fillLabelsFn: (params) => ({
          operationName: params.operationName ?? 'Anonymous',
          operationType: params.operationType ?? 'unknown',
          phase: params.errorPhase ?? 'execute',
          code: errorCode(params.error),
        }),
      }),
      graphql_gateway_subgraph_execute_duration: true,
      graphql_gateway_subgraph_execute_errors: true,
    },
  }) as unknown as GatewayPlugin;
}

/**
 * Hive Gateway's OpenTelemetry plugin when this process traces (instrument.ts started the SDK): a span per
 * HTTP request, GraphQL operation and phase, and subgraph call, whose trace context goes to the subgraphs
 * in `traceparent`. Without tracing, no plugin and nothing loaded.
 */
export function useTracing(log: Logger): GatewayPlugin[] {
  if (!tracingActive()) return [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { useOpenTelemetry } = require('@graphql-hive/plugin-opentelemetry') as typeof import('@graphql-hive/plugin-opentelemetry');
  return [useOpenTelemetry({ log, traces: true, propagateContext: true, inheritContext: true }) as unknown as GatewayPlugin];
}
