import type { Express, Request } from 'express';
import type { DataSource } from 'typeorm';
import { DomainEventSchema, SYSTEM_ACTOR, type DomainEvent, type Producer } from '@salestrail/contract';
import { DomainError } from './errors';
import { IDENTITY_HEADER, signInternalIdentity } from './identity';
import type { BaseContext } from './subgraph';
import { readEventHistory } from './outbox';

export const EVENT_HISTORY_PATH = '/internal/events';
const MAX_PAGE = 5_000;

/**
 * Serves a producer's published events in `seq` order (`GET /internal/events?afterSeq=N&limit=M`), so a
 * consumer can rebuild its read model or repair a gap. Only the system identity (ADMIN) may read it.
 */
export function mountEventHistory(
  app: Express,
  authenticate: (req: Request) => Promise<BaseContext>,
  producer: Producer,
  dataSource: DataSource,
): void {
  app.get(EVENT_HISTORY_PATH, async (req, res) => {
    try {
      const { actor } = await authenticate(req);
      if (actor.role !== 'ADMIN') {
        res.status(403).json({ error: 'FORBIDDEN' });
        return;
      }
      const afterSeq = Number(req.query.afterSeq ?? 0);
      const limit = Math.min(Number(req.query.limit ?? 1000), MAX_PAGE);
      if (!Number.isInteger(afterSeq) || afterSeq < 0 || !Number.isInteger(limit) || limit < 1) {
        res.status(400).json({ error: 'BAD_USER_INPUT' });
        return;
      }
      const events = await readEventHistory(dataSource, producer, afterSeq, limit);
      res.json({ producer, events });
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'INTERNAL_SERVER_ERROR';
      if (code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error }, 'event history failed');
      res.status(code === 'UNAUTHENTICATED' ? 401 : 500).json({ error: code });
    }
  });
}

/** Reads one page of a producer's event history from its service (base URL of the subgraph, no path). */
export async function fetchEventHistory(
  serviceUrl: string,
  afterSeq: number,
  limit: number,
  signingKey: string,
): Promise<DomainEvent[]> {
  const url = new URL(EVENT_HISTORY_PATH, serviceUrl);
  url.searchParams.set('afterSeq', String(afterSeq));
  url.searchParams.set('limit', String(limit));
  const token = await signInternalIdentity(SYSTEM_ACTOR, '', signingKey);
  const res = await fetch(url, { headers: { [IDENTITY_HEADER]: token } });
  if (!res.ok) throw new Error(`event history ${url.toString()} answered ${res.status}`);
  const body = (await res.json()) as { events: unknown[] };
  return body.events.map((e) => DomainEventSchema.parse(e));
}
