import { signInternalIdentity, IDENTITY_HEADER } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import type { SeededSystem } from './seeded-system';
import { httpLoad, type HttpLoadResult } from './http-load';
import { measureLoops, ms, ratio, table, type Budget, type LatencySummary } from './stats';

/** The pipeline page: 50 customers of a team, fields from records, workflow and analytics. */
export const PIPELINE_PAGE = `query PipelinePage($teamId: ID!) {
  customers(filter: { teamId: $teamId }, first: 50) {
    edges { node {
      id name stage ownerId
      interactions(first: 1) { edges { node { occurredAt method summary } } }
      nextActions(status: OPEN) { id content dueAt overdue }
      latestReview { status }
      daysInCurrentStage
    } }
  }
}`;
/** The records part of the page alone (sent to the records subgraph directly). */
export const RECORDS_PAGE = `query RecordsPage($teamId: ID!) {
  customers(filter: { teamId: $teamId }, first: 50) {
    edges { node {
      id name stage ownerId
      interactions(first: 1) { edges { node { occurredAt method summary } } }
      nextActions(status: OPEN) { id content dueAt overdue }
    } }
  }
}`;

export const BENCH_TEAM = 'team-01';
export const BENCH_MANAGER: Actor = { userId: 'mgr-1', name: 'Manager 1', role: 'SALES_MANAGER', teamId: BENCH_TEAM };

/** The same data by hand-written SQL against the three stores: three round trips, as a page would need. */
async function pageBySql(s: SeededSystem): Promise<number> {
  const records = await s.pools.records.query(
    `SELECT c.id, c.name, c.stage, c.owner_id, li.occurred_at, li.method, li.summary,
            (SELECT coalesce(json_agg(json_build_object('id', a.id, 'content', a.content, 'dueAt', a.due_at, 'overdue', a.due_at < now())), '[]')
             FROM next_action a WHERE a.customer_id = c.id AND a.status = 'OPEN') AS open_actions
     FROM customer c
     LEFT JOIN LATERAL (SELECT i.occurred_at, i.method, i.summary FROM interaction i WHERE i.customer_id = c.id
                        ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1) li ON true
     WHERE c.team_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT 50`,
    [BENCH_TEAM],
  );
  const ids = records.rows.map((r: { id: string }) => r.id);
  const [reviews, stages] = await Promise.all([
    s.pools.workflow.query(
      `SELECT DISTINCT ON (customer_id) customer_id, status FROM review WHERE customer_id = ANY($1) ORDER BY customer_id, submitted_at DESC`,
      [ids],
    ),
    s.pools.analytics.query(
      `SELECT customer_id, extract(epoch FROM now() - stage_since) / 86400 AS days FROM customer_state WHERE customer_id = ANY($1)`,
      [ids],
    ),
  ]);
  return records.rowCount! + reviews.rowCount! + stages.rowCount!;
}

export interface ReadRow {
  clients: number;
  floor: LatencySummary;
  gateway: HttpLoadResult;
  recordsDirect: HttpLoadResult;
}

export async function runReadBenchmark(s: SeededSystem, budget: Budget, clientCounts: readonly number[]): Promise<ReadRow[]> {
  const token = await s.token('SALES_MANAGER', BENCH_MANAGER.userId, BENCH_TEAM);
  const gatewayBody = JSON.stringify({ query: PIPELINE_PAGE, variables: { teamId: BENCH_TEAM } });
  const check = await s.system.graphql<{ customers: { edges: unknown[] } }>(token, PIPELINE_PAGE, { teamId: BENCH_TEAM });
  if (check.errors || !check.data || check.data.customers.edges.length === 0) throw new Error(`pipeline page failed: ${JSON.stringify(check.errors ?? check.data)}`);

  const recordsBody = JSON.stringify({ query: RECORDS_PAGE, variables: { teamId: BENCH_TEAM } });
  const identity = await signInternalIdentity(BENCH_MANAGER, recordsBody, s.signingKey, 6 * 3600);
  const recordsUrl = `http://127.0.0.1:${s.system.ports.records}/graphql`;
  const direct = await fetch(recordsUrl, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity }, body: recordsBody });
  const directBody = (await direct.json()) as { errors?: unknown };
  if (!direct.ok || directBody.errors) throw new Error(`records subgraph page failed: ${direct.status} ${JSON.stringify(directBody.errors)}`);

  const rows: ReadRow[] = [];
  for (const clients of clientCounts) {
    const floor = await measureLoops(clients, budget, async () => {
      if ((await pageBySql(s)) === 0) throw new Error('floor query found nothing');
    });
    const gateway = await httpLoad({ url: s.system.gatewayUrl, connections: clients, budget, headers: { authorization: `Bearer ${token}` }, body: gatewayBody });
    const recordsDirect = await httpLoad({ url: recordsUrl, connections: clients, budget, headers: { [IDENTITY_HEADER]: identity }, body: recordsBody });
    rows.push({ clients, floor, gateway, recordsDirect });
  }
  return rows;
}

export function formatRead(rows: readonly ReadRow[]): string {
  const out: Array<Array<string | number>> = [];
  for (const r of rows) {
    for (const [name, m] of [['SQL floor (3 stores)', r.floor], ['gateway, 3 subgraphs', r.gateway], ['records subgraph direct', r.recordsDirect]] as const) {
      out.push([r.clients, name, ms(m.p50), ms(m.p95), ms(m.p99), m.perSecond.toFixed(0), ratio(m.p95, r.floor.p95), 'non2xx' in m ? m.non2xx + m.errors : 0]);
    }
  }
  return table(['clients', 'path', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'p95 / floor p95', 'failed'], out);
}
