// Loaded first by the gateway's entry point: with an OTLP endpoint configured, the OpenTelemetry SDK
// starts before the modules it instruments are required; without one, nothing of it is loaded.
import { startTracing } from '@salestrail/platform/dist/tracing';

startTracing('gateway', undefined, { graphql: false });
