import { createIdentitySigner, IDENTITY_HEADER, requestOf } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import type { SeededSystem } from './seeded-system';
import { cpuDuring } from './footprint';
import { httpLoad, type HttpLoadResult } from './http-load';
import { measureLoops, ms, ratio, table, type Budget, type LatencySummary } from './stats';

/** The pipeline page: 50 customers of a team, fields from records, workflow and analytics. */
export const PIPELINE_PAGE = `query PipelinePage($teamId: ID!, $after: String) {
  customers(filter: { teamId: $teamId }, first: 50, after: $after) {
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
export const RECORDS_PAGE = `query RecordsPage($teamId: ID!, $after: String) {
  customers(filter: { teamId: $teamId }, first: 50, after: $after) {
    edges { node {
      id name stage ownerId
      interactions(first: 1) { edges { node { occurredAt method summary } } }
      nextActions(status: OPEN) { id content dueAt overdue }
    } }
  }
}`;

export const BENCH_TEAM = 'team-01';
export const BENCH_MANAGER: Actor = { userId: 'mgr-1', name: 'Manager 1', role: 'SALES_MANAGER', teamId: BENCH_TEAM };

/** How many pages deep each team's dashboards go (pages of 50 customers, newest first). */
export const PAGES_PER_TEAM = 16;

/**
 * One manager's view of the pipeline: a page of 50 customers of their team, starting after `after` (the
 * records service's cursor: the created_at and id of the last customer of the previous page).
 */
export interface DashboardPage {
  teamId: string;
  manager: Actor;
  offset: number;
  after: { createdAt: Date; id: string } | null;
}

function encodeCursor(c: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.id])).toString('base64url');
}

/**
 * The page mix of the read benchmark: every team's manager and the first PAGES_PER_TEAM pages of their
 * team (as many as the team has), interleaved so that consecutive requests ask for different teams and
 * offsets. Sixteen clients then have sixteen different pages in flight, as different managers'
 * dashboards would, and no gateway can answer one from another's identical upstream request.
 */
export async function dashboardPages(s: SeededSystem): Promise<DashboardPage[]> {
  const { rows: teams } = await s.pools.workflow.query<{ team_id: string; manager_id: string | null }>(
    `SELECT id AS team_id, manager_id FROM team ORDER BY id`,
  );
  const perTeam: DashboardPage[][] = [];
  for (const team of teams) {
    // The last customer of each page but the final one: the cursor of the page that follows it.
    const { rows } = await s.pools.records.query<{ created_at: Date; id: string; n: string }>(
      `SELECT created_at, id, n FROM (
         SELECT created_at, id, row_number() OVER (ORDER BY created_at DESC, id DESC) AS n
         FROM customer WHERE team_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2) t
       WHERE n % 50 = 0`,
      [team.team_id, 50 * (PAGES_PER_TEAM - 1)],
    );
    const manager: Actor = { userId: team.manager_id ?? `mgr-${team.team_id}`, name: 'Manager', role: 'SALES_MANAGER', teamId: team.team_id };
    const pages: DashboardPage[] = [{ teamId: team.team_id, manager, offset: 0, after: null }];
    for (const r of rows) pages.push({ teamId: team.team_id, manager, offset: Number(r.n), after: { createdAt: r.created_at, id: r.id } });
    perTeam.push(pages);
  }
  const mix: DashboardPage[] = [];
  for (let depth = 0; depth < PAGES_PER_TEAM; depth += 1) for (const pages of perTeam) if (pages[depth]) mix.push(pages[depth]!);
  if (mix.length === 0) throw new Error('no team to read');
  return mix;
}

export function pageVariables(page: DashboardPage): { teamId: string; after: string | null } {
  return { teamId: page.teamId, after: page.after ? encodeCursor(page.after) : null };
}

/** The same data by hand-written SQL against the three stores: three round trips, as a page would need. */
async function pageBySql(s: SeededSystem, page: DashboardPage): Promise<number> {
  const records = await s.pools.records.query(
    `SELECT c.id, c.name, c.stage, c.owner_id, li.occurred_at, li.method, li.summary,
            (SELECT coalesce(json_agg(json_build_object('id', a.id, 'content', a.content, 'dueAt', a.due_at, 'overdue', a.due_at < now())), '[]')
             FROM next_action a WHERE a.customer_id = c.id AND a.status = 'OPEN') AS open_actions
     FROM customer c
     LEFT JOIN LATERAL (SELECT i.occurred_at, i.method, i.summary FROM interaction i WHERE i.customer_id = c.id
                        ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1) li ON true
     WHERE c.team_id = $1 AND ($2::timestamptz IS NULL OR (c.created_at, c.id) < ($2::timestamptz, $3::uuid))
     ORDER BY c.created_at DESC, c.id DESC LIMIT 50`,
    [page.teamId, page.after?.createdAt ?? null, page.after?.id ?? null],
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
  /** Different pages in the mix (teams x offsets). */
  pages: number;
  floor: LatencySummary;
  gateway: HttpLoadResult;
  recordsDirect: HttpLoadResult;
  /** CPU ms per page of each process while the gateway path ran (where a page's work goes). */
  gatewayCpuPerPage: Record<string, number>;
  /** CPU ms per page of the records process while it was read directly. */
  recordsDirectCpuPerPage: number;
}

interface PreparedPage {
  gatewayBody: string;
  authorization: string;
  recordsBody: string;
  /** Signs the identity of one direct request for this page (each is accepted once, as the gateway's). */
  identity: () => string;
}

/** Request `i` of any path asks for page `i mod pages`: the floor, the gateway and the subgraph read the same mix. */
export async function runReadBenchmark(s: SeededSystem, budget: Budget, clientCounts: readonly number[]): Promise<ReadRow[]> {
  const mix = await dashboardPages(s);
  const tokens = new Map<string, string>();
  const prepared: PreparedPage[] = [];
  const recordsUrl = `http://127.0.0.1:${s.system.ports.records}/graphql`;
  const sign = createIdentitySigner(s.identityPrivateKey);
  for (const page of mix) {
    let token = tokens.get(page.teamId);
    if (!token) tokens.set(page.teamId, (token = await s.token('SALES_MANAGER', page.manager.userId, page.teamId)));
    const variables = pageVariables(page);
    const recordsBody = JSON.stringify({ query: RECORDS_PAGE, variables });
    prepared.push({
      gatewayBody: JSON.stringify({ query: PIPELINE_PAGE, variables }),
      authorization: `Bearer ${token}`,
      recordsBody,
      identity: () => sign(page.manager, requestOf('records', 'POST', recordsUrl, recordsBody)),
    });
  }

  // Every page answers, through the gateway and from the subgraph directly, before anything is timed.
  for (const [n, page] of mix.entries()) {
    const check = await s.system.graphql<{ customers: { edges: unknown[] } }>(tokens.get(page.teamId)!, PIPELINE_PAGE, pageVariables(page));
    if (check.errors || !check.data || check.data.customers.edges.length === 0) throw new Error(`pipeline page ${page.teamId}+${page.offset} failed: ${JSON.stringify(check.errors ?? check.data)}`);
    const p = prepared[n]!;
    const direct = await fetch(recordsUrl, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: p.identity() }, body: p.recordsBody });
    const directBody = (await direct.json()) as { errors?: unknown };
    if (!direct.ok || directBody.errors) throw new Error(`records subgraph page failed: ${direct.status} ${JSON.stringify(directBody.errors)}`);
  }

  const at = (i: number) => prepared[i % prepared.length]!;
  const rows: ReadRow[] = [];
  for (const clients of clientCounts) {
    const floor = await measureLoops(clients, budget, async (_loop, i) => {
      if ((await pageBySql(s, mix[i % mix.length]!)) === 0) throw new Error('floor query found nothing');
    });
    const { result: gateway, cpu: gatewayCpu } = await cpuDuring(s.system, () => httpLoad({
      url: s.system.gatewayUrl,
      connections: clients,
      budget,
      headers: {},
      body: (i) => at(i).gatewayBody,
      headersFor: (i) => ({ authorization: at(i).authorization }),
    }));
    const { result: recordsDirect, cpu: directCpu } = await cpuDuring(s.system, () => httpLoad({
      url: recordsUrl,
      connections: clients,
      budget,
      headers: {},
      body: (i) => at(i).recordsBody,
      headersFor: (i) => ({ [IDENTITY_HEADER]: at(i).identity() }),
    }));
    const perPage = (ms: number, n: number) => (n > 0 ? ms / n : Number.NaN);
    rows.push({
      clients,
      pages: mix.length,
      floor,
      gateway,
      recordsDirect,
      gatewayCpuPerPage: Object.fromEntries(Object.entries(gatewayCpu).map(([name, used]) => [name, perPage(used, gateway.count)])),
      recordsDirectCpuPerPage: perPage(directCpu.records ?? Number.NaN, recordsDirect.count),
    });
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
  const pages = rows[0]?.pages ?? 0;
  return [
    `Page mix: ${pages} different pages (every team's manager, up to ${PAGES_PER_TEAM} pages deep); request i of every path reads page i mod ${pages}.`,
    '',
    table(['clients', 'path', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'p95 / floor p95', 'failed'], out),
    ...rows.flatMap((r) =>
      (['gateway', 'recordsDirect'] as const)
        .filter((path) => Object.keys(r[path].failures).length > 0)
        .map((path) => `Failures, ${r.clients} clients, ${path}: ${JSON.stringify(r[path].failures)}`),
    ),
    '',
    'CPU time per page of each process (user + system, from /proc; 10 ms resolution over the whole run):',
    '',
    table(
      ['clients', 'path', 'gateway ms', 'records ms', 'workflow ms', 'analytics ms'],
      rows.flatMap((r) => [
        [r.clients, 'gateway, 3 subgraphs', ...(['gateway', 'records', 'workflow', 'analytics'] as const).map((n) => ms(r.gatewayCpuPerPage[n] ?? Number.NaN))],
        [r.clients, 'records subgraph direct', '-', ms(r.recordsDirectCpuPerPage), '-', '-'],
      ]),
    ),
  ].join('\n');
}
