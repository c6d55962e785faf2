import { performance } from 'node:perf_hooks';
import type { SeededSystem } from './seeded-system';
import { ms, percentile, table } from './stats';

export interface ReportPeriod {
  name: string;
  from: string;
  to: string;
  /** The same period as timestamps for the SQL floor (+08:00 days). */
  bounds: [string, string];
}

/**
 * Two one-year periods ending with the seeded history: the twelve whole calendar months before its last
 * month (what a yearly dashboard asks), and the 365 days up to its last day (rolling, not month-aligned).
 */
export async function reportPeriods(s: SeededSystem): Promise<ReportPeriod[]> {
  const { rows } = await s.pools.records.query(`SELECT max(logged_at) AS last FROM interaction`);
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  const next = (date: string) => day(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000);
  const bounds = (from: string, to: string): [string, string] => [`${from}T00:00:00+08:00`, `${next(to)}T00:00:00+08:00`];
  const last = day((rows[0] as { last: Date }).last.getTime());
  const [y, m] = last.split('-').map(Number) as [number, number];
  const monthStart = (year: number, month: number) => `${year + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12 + 12) % 12 + 1).padStart(2, '0')}-01`;
  const alignedFrom = monthStart(y - 1, m);
  const alignedTo = day(new Date(`${monthStart(y, m)}T00:00:00+08:00`).getTime() - 86_400_000);
  const rollingFrom = day(new Date(`${last}T00:00:00+08:00`).getTime() - 364 * 86_400_000);
  return [
    { name: 'whole months', from: alignedFrom, to: alignedTo, bounds: bounds(alignedFrom, alignedTo) },
    { name: 'rolling 365 days', from: rollingFrom, to: last, bounds: bounds(rollingFrom, last) },
  ];
}

const FUNNEL = `query Funnel($from: Date!, $to: Date!, $groupBy: [FunnelDimension!]) {
  conversionFunnel(from: $from, to: $to, groupBy: $groupBy) {
    key { ownerId teamId industryCode sourceChannel }
    stages { stage entered advanced terminated conversionRate medianDaysInStage }
    winRate
  }
}`;
const FOLLOW_UP = `query FollowUp($from: Date!, $to: Date!, $groupBy: [FunnelDimension!]) {
  followUpEfficiency(from: $from, to: $to, groupBy: $groupBy) {
    key { ownerId teamId industryCode sourceChannel }
    interactionsLogged loggedWithin24hRate actionsDue actionsCompletedOnTime onTimeRate medianHoursToComplete openOverdue
  }
}`;

const ORDER = `ARRAY['LEAD_NURTURING','NEEDS_CONFIRMED','PROPOSAL_PRESENTED','NEGOTIATION','DEAL_SIGNING','AFTER_SALES']`;

/**
 * The floor: the same figures by a plain SQL aggregate over records' raw tables (no read model):
 * entries into each stage in the year with later advancement / termination, and the median days in
 * stage over the moves out of it.
 */
function funnelSql(dimension: 'owner' | 'industry'): string {
  const group = dimension === 'owner' ? 'sc.owner_id' : 'c.industry_code';
  // Later transitions are looked up per entry through stage_change (customer_id, at): indexed, unlike a CTE.
  return `WITH entry AS (
      SELECT DISTINCT ON (sc.customer_id, sc.to_stage) sc.customer_id, sc.to_stage AS stage, sc.at, ${group} AS g
      FROM stage_change sc JOIN customer c ON c.id = sc.customer_id
      WHERE sc.at >= $1 AND sc.at < $2 ORDER BY sc.customer_id, sc.to_stage, sc.at
    ), moves AS (
      SELECT ${group} AS g, sc.from_stage AS stage,
             extract(epoch FROM sc.at - (SELECT max(y.at) FROM stage_change y WHERE y.customer_id = sc.customer_id AND y.to_stage = sc.from_stage AND y.at < sc.at)) / 86400 AS days
      FROM stage_change sc JOIN customer c ON c.id = sc.customer_id
      WHERE sc.from_stage IS NOT NULL AND sc.at >= $1 AND sc.at < $2
    ), counts AS (
      SELECT e.g, e.stage, count(*) AS entered,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM stage_change x WHERE x.customer_id = e.customer_id AND x.at > e.at
                                            AND array_position(${ORDER}, x.to_stage) > array_position(${ORDER}, e.stage))) AS advanced,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM stage_change x WHERE x.customer_id = e.customer_id AND x.at > e.at
                                            AND x.from_stage = e.stage AND x.to_stage = 'LEAD_TERMINATED')) AS terminated
      FROM entry e GROUP BY e.g, e.stage
    )
    SELECT c.*, m.median_days FROM counts c
    LEFT JOIN (SELECT g, stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days FROM moves GROUP BY g, stage) m USING (g, stage)`;
}

function followUpSql(dimension: 'owner' | 'industry'): string {
  const group = (alias: string) => (dimension === 'owner' ? `${alias}.owner_id` : 'c.industry_code');
  return `WITH i AS (
      SELECT ${dimension === 'owner' ? 'i.author_id' : 'c.industry_code'} AS g, count(*) AS interactions,
             count(*) FILTER (WHERE i.logged_at - i.occurred_at <= interval '24 hours') AS within_24h
      FROM interaction i JOIN customer c ON c.id = i.customer_id
      WHERE i.occurred_at >= $1 AND i.occurred_at < $2 GROUP BY 1
    ), a AS (
      SELECT ${group('a')} AS g, count(*) AS due, count(*) FILTER (WHERE a.completed_at <= a.due_at) AS on_time,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.completed_at - a.created_at) / 3600) FILTER (WHERE a.completed_at IS NOT NULL) AS median_hours
      FROM next_action a JOIN customer c ON c.id = a.customer_id
      WHERE a.status <> 'CANCELLED' AND a.due_at >= $1 AND a.due_at < $2 GROUP BY 1
    ), o AS (
      SELECT ${group('a')} AS g, count(*) AS open_overdue FROM next_action a JOIN customer c ON c.id = a.customer_id
      WHERE a.status = 'OPEN' AND a.due_at < now() GROUP BY 1
    )
    SELECT * FROM i FULL JOIN a USING (g) FULL JOIN o USING (g)`;
}

export interface ReportRow {
  report: string;
  period: string;
  groupBy: string;
  groups: number;
  gatewayP50: number;
  gatewayP95: number;
  floorP95: number;
}

async function time(runs: number, fn: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

/** Each report over one year, grouped by owner and by industry: p95 of sequential calls by an ADMIN. */
export async function runReportsBenchmark(s: SeededSystem, gatewayRuns: number, floorRuns: number): Promise<ReportRow[]> {
  const token = await s.token('ADMIN', 'bench-admin', null);
  const rows: ReportRow[] = [];
  for (const year of await reportPeriods(s)) {
    for (const [report, query, floor] of [['conversionFunnel', FUNNEL, funnelSql], ['followUpEfficiency', FOLLOW_UP, followUpSql]] as const) {
      for (const [groupBy, dimension] of [['OWNER', 'owner'], ['INDUSTRY', 'industry']] as const) {
        const variables = { from: year.from, to: year.to, groupBy: [groupBy] };
        const first = await s.system.graphql<Record<string, unknown[]>>(token, query, variables);
        if (first.errors || !first.data) throw new Error(`${report} failed: ${JSON.stringify(first.errors)}`);
        const groups = first.data[report]!.length;
        const gateway = await time(gatewayRuns, async () => {
          const r = await s.system.graphql(token, query, variables);
          if (r.errors) throw new Error(`${report} failed: ${JSON.stringify(r.errors)}`);
        });
        const sql = floor(dimension);
        const floorTimes = await time(floorRuns, async () => {
          await s.pools.records.query(sql, year.bounds);
        });
        rows.push({ report, period: `${year.name} ${year.from}..${year.to}`, groupBy, groups, gatewayP50: percentile(gateway, 50), gatewayP95: percentile(gateway, 95), floorP95: percentile(floorTimes, 95) });
      }
    }
  }
  return rows;
}

export function formatReports(rows: readonly ReportRow[]): string {
  return table(
    ['report', 'period', 'groupBy', 'groups', 'gateway p50 ms', 'gateway p95 ms', 'SQL floor p95 ms', 'speed-up (floor / gateway)'],
    rows.map((r) => [r.report, r.period, r.groupBy, r.groups, ms(r.gatewayP50), ms(r.gatewayP95), ms(r.floorP95), `${(r.floorP95 / r.gatewayP95).toFixed(1)}x`]),
  );
}
