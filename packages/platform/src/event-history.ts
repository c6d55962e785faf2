import type { Express, Request } from 'express';
import type { DataSource } from 'typeorm';
import { DomainEventSchema, type DomainEvent, type Producer } from '@salestrail/contract';
import { DomainError, type ErrorCode } from './errors';
import { IdentityCheckUnavailableError, SERVICE_CREDENTIAL_HEADER, createServiceCredentialSigner, identityCheckRefusal, requestOf } from './identity';
import type { RouteGuards } from './subgraph';
import { readEventHistory } from './outbox';

export const EVENT_HISTORY_PATH = '/internal/events';
const MAX_PAGE = 5_000;

/**
 * Serves a producer's published events in `seq` order (`GET /internal/events?afterSeq=N&limit=M`), so a
 * consumer can rebuild its read model or repair a gap. Only another service's `events:read` credential
 * made for this very request opens it; no user identity does, whatever its role.
 */
export function mountEventHistory(app: Express, guards: Pick<RouteGuards, 'authorizeService'>, producer: Producer, dataSource: DataSource): void {
  app.get(EVENT_HISTORY_PATH, async (req: Request, res) => {
    try {
      await guards.authorizeService(req, 'events:read');
      const afterSeq = Number(req.query.afterSeq ?? 0);
      const limit = Math.min(Number(req.query.limit ?? 1000), MAX_PAGE);
      if (!Number.isInteger(afterSeq) || afterSeq < 0 || !Number.isInteger(limit) || limit < 1) {
        res.status(400).json(refusal('BAD_USER_INPUT', 'afterSeq and limit must be whole numbers'));
        return;
      }
      const events = await readEventHistory(dataSource, producer, afterSeq, limit);
      res.json({ producer, events });
    } catch (error) {
      if (error instanceof DomainError) {
        res.status(401).json(refusal(error.code, error.message));
      } else if (error instanceof IdentityCheckUnavailableError) {
        const busy = identityCheckRefusal(error);
        res.status(busy.status).set(busy.headers).json(busy.body);
      } else {
        req.log.error({ err: error }, 'event history failed');
        res.status(500).json(refusal('INTERNAL_SERVER_ERROR', 'Internal server error'));
      }
    }
  });
}

/** A refusal in the shape every SalesTrail endpoint answers with. */
function refusal(code: ErrorCode, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Reads one page of a producer's event history from its service (base URL of the subgraph, no path), with
 * a credential for this one request signed with SERVICE_EVENTS_KEY.
 */
export async function fetchEventHistory(
  producer: Producer,
  serviceUrl: string,
  afterSeq: number,
  limit: number,
  eventsKey: string,
): Promise<DomainEvent[]> {
  const url = new URL(EVENT_HISTORY_PATH, serviceUrl);
  url.searchParams.set('afterSeq', String(afterSeq));
  url.searchParams.set('limit', String(limit));
  const credential = createServiceCredentialSigner(eventsKey, 'events:read')(requestOf(producer, 'GET', url));
  const res = await fetch(url, { headers: { [SERVICE_CREDENTIAL_HEADER]: credential } });
  if (!res.ok) throw new Error(`event history ${url.toString()} answered ${res.status}`);
  const body = (await res.json()) as { events: unknown[] };
  return body.events.map((e) => DomainEventSchema.parse(e));
}
