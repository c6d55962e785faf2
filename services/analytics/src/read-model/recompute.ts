import type { EntityManager } from 'typeorm';
import { rebuildMedianValues, replaceMedianValues } from './median-values';
import { type AggregateKind, addToAggregate, rebuildRollups, rollupDeltas, rollupKey, rollupTable, ROLLUPS } from './rollups';

/** The time zone of a team analytics has not heard of yet (the product's default). */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** SQL for the six ordered stages' positions; LEAD_TERMINATED is outside the order (null). */
export const STAGE_ORDER_SQL = `ARRAY['LEAD_NURTURING','NEEDS_CONFIRMED','PROPOSAL_PRESENTED','NEGOTIATION','DEAL_SIGNING','AFTER_SALES']`;

const FUNNEL_KEY = ['day', 'prev_day', 'stage', 'owner_id', 'team_id', 'industry_code', 'source_channel'] as const;
const FUNNEL_METRICS = ['entries', 'advanced', 'terminated', 'lost'] as const;
export const FOLLOW_KEY_COLUMNS = ['day', 'owner_id', 'team_id', 'industry_code', 'source_channel'] as const;
export const FOLLOW_METRICS = ['interactions', 'logged_within_24h', 'actions_due', 'completed_on_time', 'completed', 'first_contacts'] as const;
const OPEN_KEY = ['day', 'owner_id', 'team_id', 'industry_code', 'source_channel'] as const;
const OPEN_METRICS = ['open'] as const;

type Row = Record<string, string | number>;

/**
 * Serializes work on customers across concurrent transactions (a batch of events, gap repair, another
 * analytics process: the recomputation below must see the others' facts). Locks are taken in sorted
 * order so two transactions locking overlapping sets wait for each other instead of deadlocking; a lock
 * already held by this transaction is taken again at no cost.
 */
export async function lockCustomers(manager: EntityManager, customerIds: readonly string[]): Promise<void> {
  const ids = [...new Set(customerIds)].sort();
  if (ids.length === 0) return;
  await manager.query(
    `SELECT count(pg_advisory_xact_lock(hashtext('analytics-customer'), hashtext(id)))
     FROM (SELECT id FROM unnest($1::text[]) AS id ORDER BY id) ids`,
    [ids],
  );
}

/** Which customers a recomputation covers: one (the event's), or every one (after a bulk replay). */
interface Scope {
  /** Condition on a `stage_transition` / fact table aliased `t`. */
  sql: string;
  params: unknown[];
}
const someCustomers = (customerIds: readonly string[]): Scope => ({ sql: 't.customer_id = ANY($1::text[])', params: [customerIds] });
const everyCustomer: Scope = { sql: 'TRUE', params: [] };

/**
 * Recomputes everything derived from some customers' facts: their current stage, the derived columns of
 * their transitions, and their contributions to the daily aggregates (adding the difference to them).
 * The cost depends on these customers' histories only, never on the size of the whole read model; a
 * batch of customers costs the same number of statements as one.
 */
export async function recomputeCustomers(manager: EntityManager, customerIds: readonly string[]): Promise<void> {
  const ids = [...new Set(customerIds)].sort();
  if (ids.length === 0) return;
  const scope = someCustomers(ids);
  await refreshCurrentStage(manager, scope);
  await refreshTransitionColumns(manager, scope);
  await replaceContributions(manager, ids, 'funnel', FUNNEL_KEY, FUNNEL_METRICS, funnelContributionsSql(scope.sql));
  await replaceContributions(manager, ids, 'follow_up', FOLLOW_KEY_COLUMNS, FOLLOW_METRICS, followUpContributionsSql(scope.sql));
  await replaceContributions(manager, ids, 'open_action', OPEN_KEY, OPEN_METRICS, openActionContributionsSql(scope.sql));
  await replaceMedianValues(manager, ids);
}

/**
 * The same derivations for every customer at once, set-based (a rebuild applies the facts first and
 * derives once at the end instead of once per event). Replaces all contributions and aggregates.
 */
export async function recomputeAll(manager: EntityManager): Promise<void> {
  await refreshCurrentStage(manager, everyCustomer);
  await refreshTransitionColumns(manager, everyCustomer);
  await manager.query(`TRUNCATE funnel_contribution, funnel_daily, follow_up_contribution, follow_up_daily, open_action_contribution, open_action_daily`);
  for (const [table, key, metrics, sql] of [
    ['funnel', FUNNEL_KEY, FUNNEL_METRICS, funnelContributionsSql(everyCustomer.sql)],
    ['follow_up', FOLLOW_KEY_COLUMNS, FOLLOW_METRICS, followUpContributionsSql(everyCustomer.sql)],
    ['open_action', OPEN_KEY, OPEN_METRICS, openActionContributionsSql(everyCustomer.sql)],
  ] as const) {
    await manager.query(sql.replace(/RETURNING[\s\S]*$/, ''));
    await manager.query(
      `INSERT INTO ${table}_daily (${[...key, ...metrics].join(', ')})
       SELECT ${key.join(', ')}, ${metrics.map((m) => `sum(${m})`).join(', ')}
       FROM ${table}_contribution GROUP BY ${key.join(', ')}`,
    );
    await rebuildRollups(manager, table, key, metrics);
  }
  await rebuildMedianValues(manager);
}

/** The current stage is the target of the transition with the highest customer version. */
async function refreshCurrentStage(manager: EntityManager, scope: Scope): Promise<void> {
  await manager.query(
    `INSERT INTO customer_state (customer_id, stage, stage_since, version)
     SELECT DISTINCT ON (t.customer_id) t.customer_id, t.to_stage, t.at, t.customer_version FROM stage_transition t
     WHERE ${scope.sql} ORDER BY t.customer_id, t.customer_version DESC, t.at DESC
     ON CONFLICT (customer_id) DO UPDATE SET stage = EXCLUDED.stage, stage_since = EXCLUDED.stage_since,
       version = EXCLUDED.version`,
    scope.params,
  );
}

/**
 * Local day in the transition team's time zone and, for a move out of S, the days since the customer's
 * latest earlier transition into S (one running maximum per stage over the customer's ordered history).
 */
async function refreshTransitionColumns(manager: EntityManager, scope: Scope): Promise<void> {
  const stages = ['LEAD_NURTURING', 'NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED', 'NEGOTIATION', 'DEAL_SIGNING', 'AFTER_SALES', 'LEAD_TERMINATED'];
  await manager.query(
    `WITH o AS (
       SELECT t.event_id, t.from_stage, t.at,
              (t.at AT TIME ZONE coalesce(d.timezone, '${DEFAULT_TIMEZONE}'))::date AS local_day,
              ${stages.map((st, i) => `max(t.at) FILTER (WHERE t.to_stage = '${st}') OVER w AS e${i}`).join(',\n              ')}
       FROM stage_transition t LEFT JOIN team_dim d ON d.team_id = t.team_id
       WHERE ${scope.sql}
       WINDOW w AS (PARTITION BY t.customer_id ORDER BY t.at, t.customer_version ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
     )
     UPDATE stage_transition s SET local_day = o.local_day,
       days_in_from_stage = extract(epoch FROM o.at - CASE o.from_stage
         ${stages.map((st, i) => `WHEN '${st}' THEN o.e${i}`).join(' ')} END) / 86400
     FROM o WHERE s.event_id = o.event_id
       AND (s.local_day IS DISTINCT FROM o.local_day
            OR s.days_in_from_stage IS DISTINCT FROM extract(epoch FROM o.at - CASE o.from_stage
              ${stages.map((st, i) => `WHEN '${st}' THEN o.e${i}`).join(' ')} END) / 86400)`,
    scope.params,
  );
}

/**
 * One contribution row per transition into a stage: `prev_day` is the local day of the customer's
 * previous transition into the same stage, so "first transition into S inside [from, to]" is
 * `day BETWEEN from AND to AND prev_day < from`; advanced / terminated look at every later transition.
 */
function funnelContributionsSql(scope: string): string {
  return `
    WITH t AS (
      SELECT t.*, array_position(${STAGE_ORDER_SQL}, t.to_stage) AS rank
      FROM stage_transition t WHERE ${scope}
    ), term AS (
      SELECT customer_id, from_stage, max(at) AS last_at FROM t
      WHERE to_stage = 'LEAD_TERMINATED' AND from_stage IS NOT NULL GROUP BY customer_id, from_stage
    ), c AS (
      SELECT
        t.customer_id,
        t.local_day AS day,
        coalesce(lag(t.local_day) OVER (PARTITION BY t.customer_id, t.to_stage ORDER BY t.at, t.customer_version), '-infinity'::date) AS prev_day,
        t.to_stage AS stage, t.owner_id, t.team_id,
        coalesce(cs.industry_code, '') AS industry_code, coalesce(cs.source_channel, '') AS source_channel,
        coalesce(t.rank < max(t.rank) OVER (PARTITION BY t.customer_id ORDER BY t.at
          RANGE BETWEEN interval '1 microsecond' FOLLOWING AND UNBOUNDED FOLLOWING), false) AS advanced,
        coalesce(term.last_at > t.at, false) AS terminated,
        (t.to_stage = 'LEAD_TERMINATED' AND NOT bool_or(t.to_stage = 'DEAL_SIGNING') OVER (PARTITION BY t.customer_id)) AS lost
      FROM t
      LEFT JOIN term ON term.customer_id = t.customer_id AND term.from_stage = t.to_stage
      LEFT JOIN customer_state cs ON cs.customer_id = t.customer_id
    )
    INSERT INTO funnel_contribution (customer_id, day, prev_day, stage, owner_id, team_id, industry_code, source_channel,
                                     entries, advanced, terminated, lost)
    SELECT customer_id, day, prev_day, stage, owner_id, team_id, industry_code, source_channel,
           count(*), count(*) FILTER (WHERE advanced), count(*) FILTER (WHERE terminated), count(*) FILTER (WHERE lost)
    FROM c GROUP BY customer_id, day, prev_day, stage, owner_id, team_id, industry_code, source_channel
    RETURNING day::text, prev_day::text, stage, owner_id, team_id, industry_code, source_channel,
              entries, advanced, terminated, lost`;
}

/**
 * Whether an interaction of `interaction_fact` aliased `alias` is its customer's first contact: the
 * earliest by occurrence (then the one logged first), the rule records applies. Derived from all the
 * customer's interactions, so an earlier one arriving later moves it, whatever order events come in.
 */
export function firstContactSql(alias: string): string {
  return `(row_number() OVER (PARTITION BY ${alias}.customer_id ORDER BY ${alias}.occurred_at, ${alias}.logged_at, ${alias}.interaction_id) = 1)`;
}

/**
 * Interactions count on the local day they occurred (the customer's first contact also as such); next
 * actions (not cancelled) on the day they fall due.
 */
export function followUpContributionsSql(scope: string): string {
  return `
    WITH c AS (
      SELECT t.customer_id, (t.occurred_at AT TIME ZONE coalesce(d.timezone, '${DEFAULT_TIMEZONE}'))::date AS day,
             t.owner_id, t.team_id,
             1 AS interactions,
             (t.logged_at - t.occurred_at <= interval '24 hours')::int AS logged_within_24h,
             0 AS actions_due, 0 AS completed_on_time, 0 AS completed,
             ${firstContactSql('t')}::int AS first_contacts
      FROM interaction_fact t LEFT JOIN team_dim d ON d.team_id = t.team_id
      WHERE ${scope}
      UNION ALL
      SELECT t.customer_id, (t.due_at AT TIME ZONE coalesce(d.timezone, '${DEFAULT_TIMEZONE}'))::date,
             t.owner_id, t.team_id, 0, 0, 1,
             (t.completed_at IS NOT NULL AND t.completed_at <= t.due_at)::int,
             (t.completed_at IS NOT NULL)::int, 0
      FROM next_action_fact t LEFT JOIN team_dim d ON d.team_id = t.team_id
      WHERE ${scope} AND t.status <> 'CANCELLED' AND t.due_at IS NOT NULL
        AND t.owner_id IS NOT NULL AND t.team_id IS NOT NULL
    )
    INSERT INTO follow_up_contribution (customer_id, day, owner_id, team_id, industry_code, source_channel,
                                        interactions, logged_within_24h, actions_due, completed_on_time, completed, first_contacts)
    SELECT c.customer_id, c.day, c.owner_id, c.team_id, coalesce(cs.industry_code, ''), coalesce(cs.source_channel, ''),
           sum(interactions), sum(logged_within_24h), sum(actions_due), sum(completed_on_time), sum(completed), sum(first_contacts)
    FROM c LEFT JOIN customer_state cs ON cs.customer_id = c.customer_id
    GROUP BY c.customer_id, c.day, c.owner_id, c.team_id, cs.industry_code, cs.source_channel
    RETURNING day::text, owner_id, team_id, industry_code, source_channel,
              interactions, logged_within_24h, actions_due, completed_on_time, completed, first_contacts`;
}

/**
 * Open next actions by the UTC day they fall due: `openOverdue` adds whole months and days before today
 * from these and counts only today's open actions from the raw facts (see FollowUpService).
 */
export function openActionContributionsSql(scope: string): string {
  return `
    INSERT INTO open_action_contribution (customer_id, day, owner_id, team_id, industry_code, source_channel, open)
    SELECT t.customer_id, (t.due_at AT TIME ZONE 'UTC')::date, t.owner_id, t.team_id,
           coalesce(cs.industry_code, ''), coalesce(cs.source_channel, ''), count(*)
    FROM next_action_fact t LEFT JOIN customer_state cs ON cs.customer_id = t.customer_id
    WHERE ${scope} AND t.status = 'OPEN' AND t.due_at IS NOT NULL AND t.owner_id IS NOT NULL AND t.team_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6
    RETURNING day::text, owner_id, team_id, industry_code, source_channel, open`;
}

/**
 * Swaps the customers' contribution rows for freshly computed ones and adds (new − old) to the daily
 * aggregate and its month / year roll-ups (read-model/rollups.ts).
 */
async function replaceContributions(
  manager: EntityManager,
  customerIds: readonly string[],
  table: AggregateKind,
  key: readonly string[],
  metrics: readonly string[],
  insertSql: string,
): Promise<void> {
  const cols = [...key, ...metrics].map((c) => (c === 'day' || c === 'prev_day' ? `${c}::text` : c)).join(', ');
  // TypeORM answers a DELETE with [rows, affected count].
  const [old]: [Row[], number] = await manager.query(
    `DELETE FROM ${table}_contribution WHERE customer_id = ANY($1::text[]) RETURNING ${cols}`,
    [customerIds],
  );
  const fresh: Row[] = await manager.query(insertSql, [customerIds]);
  const delta = new Map<string, Row>();
  const add = (row: Row, sign: 1 | -1) => {
    const k = key.map((c) => String(row[c])).join('\u0000');
    const entry = delta.get(k) ?? { ...Object.fromEntries(key.map((c) => [c, row[c]!])), ...Object.fromEntries(metrics.map((m) => [m, 0])) };
    for (const m of metrics) entry[m] = Number(entry[m]) + sign * Number(row[m]);
    delta.set(k, entry);
  };
  old.forEach((r) => add(r, -1));
  fresh.forEach((r) => add(r, 1));
  const changed = [...delta.values()].filter((r) => metrics.some((m) => r[m] !== 0));
  await addToAggregate(manager, `${table}_daily`, key, metrics, changed);
  for (const rollup of ROLLUPS) {
    await addToAggregate(manager, rollupTable(table, rollup), rollupKey(key, rollup), metrics, rollupDeltas(changed, key, metrics, rollup));
  }
}
