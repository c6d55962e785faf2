import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { SERVICE_CREDENTIAL_HEADER, createLogger, createRequestVerifier, redisReplayGuard } from '@salestrail/platform';
import type { DomainEvent, Producer } from '@salestrail/contract';
import { TEST_IDENTITY_ENV, testDatabaseUrl, testQueuePrefix, testRedisUrl } from '@salestrail/testkit';
import { FunnelDimension } from '../common/dimensions';
import { FollowUpService } from '../follow-up/follow-up.service';
import { FunnelService } from '../funnel/funnel.service';
import { PipelineService } from '../pipeline/pipeline.service';
import { CustomerFiguresService } from '../customers/customer-figures.service';
import { actorOf, analyticsTestDataSource, uniqueTeam } from '../test/harness';
import { History, shuffled } from '../test/history';
import { followUpScenario, funnelScenario } from '../test/scenarios';
import { httpEventSource } from './event-sources';
import { GapRepair } from './gap-repair';
import { rebuildReadModel } from './rebuild-read-model';
import { histogramTable, MEDIAN_ROLLUPS } from './median-values';
import { rollupTable, ROLLUPS } from './rollups';

/**
 * A producer's GET /internal/events, serving a fixed history to callers holding an events credential made
 * for the request (checked as the producers check it, replay cache included).
 */
async function serveHistory(producer: Producer, events: DomainEvent[], redis: Redis): Promise<{ url: string; close: () => Promise<void>; requests: number }> {
  const state = { requests: 0 };
  const verifier = createRequestVerifier({
    service: producer,
    gatewayPublicKey: TEST_IDENTITY_ENV.GATEWAY_IDENTITY_PUBLIC_KEY,
    serviceKey: TEST_IDENTITY_ENV.SERVICE_EVENTS_KEY,
    replay: redisReplayGuard(redis, testQueuePrefix('rebuild')),
  });
  const server = http.createServer(async (req, res) => {
    try {
      const [path = '', query = ''] = (req.url ?? '').split('?');
      await verifier.service(req.headers[SERVICE_CREDENTIAL_HEADER] as string | undefined, { method: req.method ?? '', path, query, body: '' }, 'events:read');
      state.requests += 1;
      const url = new URL(req.url ?? '/', 'http://x');
      const afterSeq = Number(url.searchParams.get('afterSeq'));
      const limit = Number(url.searchParams.get('limit'));
      const page = events.filter((e) => e.seq > afterSeq).sort((a, b) => a.seq - b.seq).slice(0, limit);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ events: page }));
    } catch {
      res.statusCode = 401;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    get requests() {
      return state.requests;
    },
  };
}

/** Renumbers a history as one producer's gap-free sequence 1..n. */
function asProducer(events: DomainEvent[], producer: Producer): DomainEvent[] {
  return events.map((e, i) => ({ ...e, producer, seq: i + 1 }) as DomainEvent);
}

describe('rebuild and gap repair (own database: both start from an empty read model)', () => {
  let ds: DataSource;
  let redis: Redis;
  const logger = createLogger('analytics-test', 'silent');
  beforeAll(async () => {
    ds = await analyticsTestDataSource(testDatabaseUrl('analytics_rebuild'));
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await ds.destroy();
    await redis.quit();
  });

  async function snapshot(team: string) {
    const admin = actorOf('ADMIN', 'admin', null);
    const funnel = new FunnelService(ds);
    const followUp = new FollowUpService(ds);
    const now = new Date('2025-01-01T00:00:00.000Z');
    const periods = [
      { from: '2024-03-01', to: '2024-03-31' },
      { from: '2024-04-01', to: '2024-04-30' },
      { from: '2024-01-01', to: '2024-12-31' },
    ];
    const groupings = [[], [FunnelDimension.OWNER], [FunnelDimension.TEAM, FunnelDimension.INDUSTRY, FunnelDimension.SOURCE_CHANNEL]];
    const reports: unknown[] = [];
    for (const p of periods) {
      for (const groupBy of groupings) {
        // This database holds only this test's facts: the organisation-wide answers (histograms without
        // dimensions, roll-ups) can be checked against the definitions over the raw facts.
        const funnelAnswer = await funnel.conversionFunnel(admin, { ...p, groupBy });
        expect(funnelAnswer).toEqual(await funnel.exactConversionFunnel(admin, { ...p, groupBy }));
        const followUpAnswer = await followUp.followUpEfficiency(admin, { ...p, groupBy }, now);
        expect(followUpAnswer).toEqual(await followUp.exactFollowUpEfficiency(admin, { ...p, groupBy }, now));
        reports.push(funnelAnswer, followUpAnswer);
      }
    }
    reports.push(await new PipelineService(ds).pipeline(admin, undefined));
    const ids: Array<{ customer_id: string }> = await ds.query(`SELECT customer_id FROM customer_state ORDER BY 1`);
    reports.push(await new CustomerFiguresService(ds).figures(ids.map((r) => r.customer_id), now));
    const tables = await ds.query(
      `SELECT (SELECT json_agg(f ORDER BY f.day, f.stage, f.prev_day, f.owner_id, f.industry_code) FROM funnel_daily f) AS funnel,
              (SELECT json_agg(f ORDER BY f.day, f.owner_id, f.industry_code) FROM follow_up_daily f) AS follow_up,
              ${ROLLUPS.map((r) => `(SELECT json_agg(f ORDER BY f) FROM ${rollupTable('funnel', r)} f) AS funnel_${r.name},
              (SELECT json_agg(f ORDER BY f) FROM ${rollupTable('follow_up', r)} f) AS follow_up_${r.name},
              (SELECT json_agg(f ORDER BY f) FROM ${rollupTable('open_action', r)} f) AS open_action_${r.name}`).join(',\n')},
              (SELECT json_agg(f ORDER BY f) FROM open_action_daily f) AS open_action_daily,
              ${MEDIAN_ROLLUPS.map((r) => `(SELECT json_agg(f ORDER BY f) FROM ${histogramTable(r)} f) AS median_${r.name}`).join(',\n')},
              (SELECT json_agg(f ORDER BY f) FROM median_value f) AS median_values,
              (SELECT json_agg(f ORDER BY f) FROM median_sorted_owner f WHERE cardinality(f.vals) > 0) AS median_sorted`,
    );
    expect(team).toBeTruthy();
    return { reports, tables };
  }

  it('answers exactly as before after dropping the read model and replaying both producers\' histories', async () => {
    const team = uniqueTeam();
    const workflow = asProducer(new History(team).teamUpserted('Asia/Tokyo').events, 'workflow');
    const ids = new Map<string, string>();
    const records = asProducer(
      [...funnelScenario(team).events, ...followUpScenario(`${team}-x`, (n) => ids.get(n) ?? (ids.set(n, `${team}-${n}`), `${team}-${n}`)).events],
      'records',
    );
    // Live: the records events arrive shuffled and partly twice, the team's time zone last.
    const live = new History(team);
    await live.apply(ds, [...shuffled(records, 5), ...records.slice(0, 7), ...workflow]);
    const before = await snapshot(team);
    expect((before.reports[0] as unknown[]).length).toBe(1);

    const recordsSource = await serveHistory('records', records, redis);
    const workflowSource = await serveHistory('workflow', workflow, redis);
    try {
      const fetchEvents = httpEventSource({
        RECORDS_EVENTS_URL: recordsSource.url,
        WORKFLOW_EVENTS_URL: workflowSource.url,
        SERVICE_EVENTS_KEY: TEST_IDENTITY_ENV.SERVICE_EVENTS_KEY,
      });
      const counts = await rebuildReadModel(ds, fetchEvents, logger, 10);
      expect(counts).toEqual({ workflow: workflow.length, records: records.length });
      expect(recordsSource.requests).toBe(Math.floor(records.length / 10) + 1);
      expect(await snapshot(team)).toEqual(before);

      // Gap repair: lose three events (as if Redis had lost them), apply the rest live; the repair
      // fetches the missing ones only once they stayed missing for two checks.
      await rebuildReadModel(ds, async () => [], logger);
      const lost = new Set([4, 5, 20]);
      await live.apply(ds, [...workflow, ...records.filter((e) => !lost.has(e.seq))]);
      const repair = new GapRepair(ds, fetchEvents, logger);
      expect(await repair.check()).toBe(0);
      expect(await repair.check()).toBe(3);
      expect(await repair.check()).toBe(0);
      const [position]: Array<{ contiguous_seq: string }> = await ds.query(
        `SELECT contiguous_seq FROM producer_position WHERE producer = 'records'`,
      );
      expect(Number(position!.contiguous_seq)).toBe(records.length);
      expect(await snapshot(team)).toEqual(before);
    } finally {
      await recordsSource.close();
      await workflowSource.close();
    }
  });
});
