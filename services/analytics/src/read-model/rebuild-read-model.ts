import type { DataSource } from 'typeorm';
import { applyEventsOnce, type Logger } from '@salestrail/platform';
import type { Producer } from '@salestrail/contract';
import { applyFactsOnly } from '../events/analytics-event.handler';
import { recomputeAll } from './recompute';
import type { FetchEvents } from './event-sources';

/** Every table of the read model (processed_event included: the replay applies every event again). */
export const READ_MODEL_TABLES = [
  'processed_event',
  'producer_position',
  'customer_state',
  'team_dim',
  'stage_transition',
  'interaction_fact',
  'next_action_fact',
  'funnel_contribution',
  'funnel_daily',
  'follow_up_contribution',
  'follow_up_daily',
  'funnel_rollup_owner',
  'funnel_rollup_segment',
  'follow_up_rollup_owner',
  'follow_up_rollup_segment',
  'open_action_contribution',
  'open_action_daily',
  'open_action_rollup_owner',
  'open_action_rollup_segment',
  'median_value',
  'median_histogram_all',
  'median_histogram_segment',
  'median_histogram_owner',
  'median_histogram_industry',
  'median_sorted_owner',
] as const;

/**
 * Drops the read model's content and replays every event of the producers' histories, in seq order per
 * producer (workflow first, so team time zones are known before the customers' facts arrive; a later
 * time zone change re-buckets anyway). The live consumer should be stopped meanwhile: events it would
 * have applied wait in their queue and are skipped or applied once it restarts. Facts are applied
 * a page per transaction; the derived columns and aggregates are computed once, set-based, at the end.
 */
export async function rebuildReadModel(
  dataSource: DataSource,
  fetchEvents: FetchEvents,
  logger: Logger,
  pageSize = 1_000,
): Promise<Record<Producer, number>> {
  await dataSource.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
  const counts: Record<Producer, number> = { workflow: 0, records: 0 };
  for (const producer of ['workflow', 'records'] as const) {
    let afterSeq = 0;
    for (;;) {
      const page = await fetchEvents(producer, afterSeq, pageSize);
      // One transaction per page: facts only, so nothing is derived until the end.
      await applyEventsOnce(dataSource, page, applyFactsOnly);
      for (const event of page) afterSeq = Math.max(afterSeq, event.seq);
      counts[producer] += page.length;
      if (page.length < pageSize) break;
    }
    logger.info({ producer, events: counts[producer] }, 'replayed event history');
  }
  await dataSource.transaction((manager) => recomputeAll(manager));
  // Everything up to the last replayed seq is applied: gap detection starts from there.
  await dataSource.query(`UPDATE producer_position SET contiguous_seq = last_seq`);
  return counts;
}
