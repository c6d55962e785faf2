import { activeTraceIds, bullmqTelemetry, currentTraceCarrier, startTracing, tracingActive, tracingConfigured } from './tracing';

describe('tracing switched off', () => {
  it('starts nothing and loads no SDK module without an OTLP endpoint', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(startTracing('test', {})).toBe(false);
    expect(tracingActive()).toBe(false);
    const loaded = Object.keys(require.cache).filter((path) => /@opentelemetry[\\/](sdk-|exporter-|instrumentation)|bullmq-otel/.test(path));
    expect(loaded).toEqual([]);
    // Every helper is a no-op: no trace context to carry, no ids for log lines, no BullMQ telemetry.
    expect(currentTraceCarrier()).toBeUndefined();
    expect(activeTraceIds()).toEqual({});
    expect(bullmqTelemetry()).toBeUndefined();
  });
});
