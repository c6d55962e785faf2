import type { DataSource } from 'typeorm';
import { applyEventsOnce, type Logger } from '@salestrail/platform';
import { PRODUCERS, type Producer } from '@salestrail/contract';
import { handleAnalyticsEvents } from '../events/analytics-event.handler';
import type { FetchEvents } from './event-sources';

const MAX_REPAIR_BATCH = 1_000;
/** Fetched events are applied in transactions of this many (as the live consumer batches them). */
const REPAIR_TRANSACTION_SIZE = 200;

/**
 * Finds events missing from each producer's sequence and fetches them from the producer's history.
 * Several workers apply events concurrently, so a hole may just be an event in flight: a seq is only
 * fetched when it was already missing at the previous check. Returns how many events it applied.
 */
export class GapRepair {
  private suspects = new Map<Producer, Set<number>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly fetchEvents: FetchEvents,
    private readonly logger: Logger,
  ) {}

  async check(): Promise<number> {
    let repaired = 0;
    for (const producer of PRODUCERS) repaired += await this.checkProducer(producer);
    return repaired;
  }

  private async checkProducer(producer: Producer): Promise<number> {
    const [position]: Array<{ last_seq: string; contiguous_seq: string }> = await this.dataSource.query(
      `SELECT last_seq, contiguous_seq FROM producer_position WHERE producer = $1`,
      [producer],
    );
    if (!position) return 0;
    const contiguous = Number(position.contiguous_seq);
    const last = Number(position.last_seq);
    if (last <= contiguous) return 0;
    const missing = await this.missing(producer, contiguous, last);
    const previous = this.suspects.get(producer) ?? new Set<number>();
    const due = missing.filter((s) => previous.has(s));
    let applied = 0;
    if (due.length > 0) {
      const first = due[0]!;
      this.logger.warn({ producer, first, count: due.length }, 'events missing from the sequence; fetching them');
      const events = await this.fetchEvents(producer, first - 1, due[due.length - 1]! - first + 1);
      const own = events.filter((event) => event.producer === producer);
      for (let i = 0; i < own.length; i += REPAIR_TRANSACTION_SIZE) {
        applied += (await applyEventsOnce(this.dataSource, own.slice(i, i + REPAIR_TRANSACTION_SIZE), handleAnalyticsEvents)).size;
      }
    }
    const remaining = applied > 0 ? await this.missing(producer, contiguous, last) : missing;
    this.suspects.set(producer, new Set(remaining));
    const upTo = remaining.length ? remaining[0]! - 1 : last;
    await this.dataSource.query(
      `UPDATE producer_position SET contiguous_seq = greatest(contiguous_seq, $2) WHERE producer = $1`,
      [producer, upTo],
    );
    return applied;
  }

  private async missing(producer: Producer, contiguous: number, last: number): Promise<number[]> {
    const rows: Array<{ seq: string }> = await this.dataSource.query(
      `SELECT s AS seq FROM generate_series($2::bigint, $3::bigint) AS s
       WHERE NOT EXISTS (SELECT 1 FROM processed_event p WHERE p.producer = $1 AND p.seq = s)
       ORDER BY s LIMIT $4`,
      [producer, contiguous + 1, last, MAX_REPAIR_BATCH],
    );
    return rows.map((r) => Number(r.seq));
  }
}
