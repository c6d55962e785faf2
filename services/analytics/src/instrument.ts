// Loaded first by each entry point: with an OTLP endpoint configured, the OpenTelemetry SDK starts before
// the modules it instruments (http, pg, ioredis, graphql) are required. Without one, nothing is loaded.
import { startTracing } from '@salestrail/platform/dist/tracing';

startTracing('analytics');
