import { fetchEventHistory } from '@salestrail/platform';
import type { DomainEvent, Producer } from '@salestrail/contract';
import type { AnalyticsConfig } from '../config';

/** Reads one page of a producer's event history (seq > afterSeq, ascending). */
export type FetchEvents = (producer: Producer, afterSeq: number, limit: number) => Promise<DomainEvent[]>;

/** The producers analytics consumes, read over HTTP from their GET /internal/events. */
export function httpEventSource(config: Pick<AnalyticsConfig, 'RECORDS_EVENTS_URL' | 'WORKFLOW_EVENTS_URL' | 'SERVICE_EVENTS_KEY'>): FetchEvents {
  const urls: Record<Producer, string> = { records: config.RECORDS_EVENTS_URL, workflow: config.WORKFLOW_EVENTS_URL };
  return (producer, afterSeq, limit) => fetchEventHistory(producer, urls[producer], afterSeq, limit, config.SERVICE_EVENTS_KEY);
}
