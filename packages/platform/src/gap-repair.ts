import type { DataSource } from 'typeorm';
import type { DomainEvent, Producer } from '@salestrail/contract';
import { applyEventOnce, type EventHandler } from './consumer';
import { fetchEventHistory } from './event-history';
import type { Logger } from './logger';

/**
 * The consumer's position in each producer's sequence: every event with `seq <= contiguous_seq` has been
 * applied. Created by a migration in each consuming service (additive, next to processed_event).
 */
export const EVENT_POSITION_DDL = [
  `CREATE TABLE event_position (
     producer text PRIMARY KEY,
     contiguous_seq bigint NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
];
export const EVENT_POSITION_DROP_DDL = ['DROP TABLE IF EXISTS event_position'];

/** One page of a producer's history: events with seq > afterSeq in ascending seq order, at most `limit`. */
export type EventSource = (afterSeq: number, limit: number) => Promise<DomainEvent[]>;

/** A producer's history read over HTTP from its GET /internal/events (`eventsKey`: SERVICE_EVENTS_KEY). */
export function httpEventSource(producer: Producer, serviceUrl: string, eventsKey: string): EventSource {
  return (afterSeq, limit) => fetchEventHistory(producer, serviceUrl, afterSeq, limit, eventsKey);
}

export interface EventGapRepairOptions {
  dataSource: DataSource;
  /** The producers this consumer subscribes to, each with where its history is read. */
  sources: Partial<Record<Producer, EventSource>>;
  handler: EventHandler;
  logger: Logger;
  /** Events fetched per history request. */
  pageSize?: number;
  /** After an event arrives beyond a hole, wait this long for the hole to fill before fetching it. */
  graceMs?: number;
  /** After a failed pass (e.g. the producer is not up yet), try again this soon. */
  retryMs?: number;
}

export interface CatchUpReport {
  producer: Producer;
  /** Events this pass applied from the producer's history (lost or not yet delivered). */
  applied: number;
  contiguousSeq: number;
}

const PROCESSED_PAGE = 10_000;

/**
 * Finds and repairs events a consumer never received (lost from Redis, dropped jobs): it keeps the last
 * contiguous seq per producer in `event_position`, advances it over what the queue consumer already
 * applied (processed_event), and fetches everything after it from the producer's history, applying each
 * event through applyEventOnce, so an event delivered by both paths is applied once. A pass reads the
 * history even when no hole is visible, which also finds events lost at the tail of the sequence.
 *
 * Run `catchUp()` at start-up and periodically (`start(intervalMs)`); `noticeEvent()` lets the queue
 * consumer ask for an early pass when an event arrives beyond a hole.
 */
export class EventGapRepair {
  private running: Promise<CatchUpReport[]> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly known = new Map<Producer, number>();

  constructor(private readonly options: EventGapRepairOptions) {}

  /** One pass over every producer; concurrent callers share the pass in progress. */
  catchUp(): Promise<CatchUpReport[]> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Runs a pass now and then every `intervalMs` until `stop()`. Failures are logged, never thrown. */
  start(intervalMs: number): void {
    this.stopped = false;
    void this.safeCatchUp();
    if (intervalMs > 0) {
      this.timer = setInterval(() => void this.safeCatchUp(), intervalMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = null;
    this.soon = null;
    await this.running?.catch(() => undefined);
  }

  /** Called for each delivered event: one beyond the contiguous position schedules an early pass. */
  noticeEvent(event: Pick<DomainEvent, 'producer' | 'seq'>): void {
    if (this.stopped || this.soon || !this.options.sources[event.producer]) return;
    const contiguous = this.known.get(event.producer);
    if (contiguous === undefined || event.seq <= contiguous + 1) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.safeCatchUp();
    }, this.options.graceMs ?? 2_000);
    this.soon.unref();
  }

  private async safeCatchUp(): Promise<void> {
    if (this.stopped) return;
    try {
      const reports = await this.catchUp();
      const repaired = reports.filter((r) => r.applied > 0);
      if (repaired.length > 0) this.options.logger.warn({ repaired }, 'applied events missing from the queue');
    } catch (err) {
      this.options.logger.warn({ err }, 'event catch-up failed; retrying');
      if (!this.stopped && !this.soon) {
        this.soon = setTimeout(() => {
          this.soon = null;
          void this.safeCatchUp();
        }, this.options.retryMs ?? 5_000);
        this.soon.unref();
      }
    }
  }

  private async pass(): Promise<CatchUpReport[]> {
    const reports: CatchUpReport[] = [];
    for (const [producer, source] of Object.entries(this.options.sources) as Array<[Producer, EventSource]>) {
      if (this.stopped) break;
      reports.push(await this.catchUpProducer(producer, source));
    }
    return reports;
  }

  private async catchUpProducer(producer: Producer, source: EventSource): Promise<CatchUpReport> {
    const { dataSource, handler } = this.options;
    const pageSize = this.options.pageSize ?? 1_000;
    let contiguous = await this.advanceOverProcessed(producer, await this.position(producer));
    let applied = 0;
    for (;;) {
      if (this.stopped) break;
      const events = await source(contiguous, pageSize);
      for (const event of events) {
        if (event.producer !== producer) throw new Error(`history of ${producer} returned an event of ${event.producer}`);
        if (event.seq !== contiguous + 1) {
          throw new Error(`history of ${producer} skipped from seq ${contiguous} to ${event.seq}`);
        }
        if (await applyEventOnce(dataSource, event, handler)) applied += 1;
        contiguous = event.seq;
      }
      await this.save(producer, contiguous);
      if (events.length < pageSize) break;
    }
    return { producer, applied, contiguousSeq: contiguous };
  }

  private async position(producer: Producer): Promise<number> {
    const rows: Array<{ contiguous_seq: string }> = await this.options.dataSource.query(
      `INSERT INTO event_position (producer) VALUES ($1)
       ON CONFLICT (producer) DO UPDATE SET producer = excluded.producer
       RETURNING contiguous_seq`,
      [producer],
    );
    return Number(rows[0]!.contiguous_seq);
  }

  /** Moves the position over the seqs the queue consumer has applied without a hole. */
  private async advanceOverProcessed(producer: Producer, from: number): Promise<number> {
    let contiguous = from;
    for (;;) {
      const rows: Array<{ seq: string }> = await this.options.dataSource.query(
        `SELECT seq FROM processed_event WHERE producer = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [producer, contiguous, PROCESSED_PAGE],
      );
      let moved = 0;
      for (const row of rows) {
        if (Number(row.seq) !== contiguous + 1) break;
        contiguous += 1;
        moved += 1;
      }
      if (moved < PROCESSED_PAGE) break;
    }
    if (contiguous !== from) await this.save(producer, contiguous);
    return contiguous;
  }

  private async save(producer: Producer, contiguous: number): Promise<void> {
    this.known.set(producer, contiguous);
    await this.options.dataSource.query(
      // Written only when the position moves: `updated_at` says when it last advanced, and an idle
      // consumer leaves its database untouched.
      `UPDATE event_position SET contiguous_seq = $2, updated_at = now() WHERE producer = $1 AND contiguous_seq < $2`,
      [producer, contiguous],
    );
  }
}
