import { randomUUID } from 'node:crypto';
import type { SeededSystem } from './seeded-system';
import { httpLoad, type HttpLoadResult } from './http-load';
import { BENCH_MANAGER, BENCH_TEAM } from './read';
import { measureLoops, ms, table, type Budget, type LatencySummary } from './stats';

const LOG_INTERACTION = `mutation LogInteraction($input: LogInteractionInput!) {
  logInteraction(input: $input) { id loggedLate nextAction { id } }
}`;

function input(customerId: string, i: number) {
  const now = Date.now();
  return {
    customerId,
    occurredAt: new Date(now - 3_600_000).toISOString(),
    method: 'PHONE_CALL',
    summary: `基准测试第 ${i} 次电话：客户确认了试点范围和预算`,
    needs: [{ kind: 'EXPLICIT', description: '试点产线的排产自动化' }],
    painPoints: [{ description: '人工排产每周出错两次', needIndexes: [0] }],
    nextAction: { content: '周五前发送试点方案和报价给采购部', dueAt: new Date(now + 2 * 86_400_000).toISOString() },
  };
}

/**
 * Shadow copies of the written tables (same columns, indexes and defaults; the bench team's customers
 * copied), so the floor's rows neither reach the consumers through the outbox nor skew the record.
 */
async function prepareFloorTables(s: SeededSystem): Promise<void> {
  await s.pools.records.query('DROP SCHEMA IF EXISTS bench_floor CASCADE');
  await s.pools.records.query('CREATE SCHEMA bench_floor');
  for (const t of ['customer', 'interaction', 'need', 'need_revision', 'pain_point', 'pain_point_revision', 'next_action', 'outbox_event']) {
    await s.pools.records.query(`CREATE TABLE bench_floor.${t} (LIKE public.${t} INCLUDING ALL)`);
  }
  await s.pools.records.query(`INSERT INTO bench_floor.customer SELECT * FROM public.customer WHERE team_id = $1`, [BENCH_TEAM]);
}

/** The rows one logInteraction writes, by hand in one pg transaction: the floor. */
async function logBySql(s: SeededSystem, customerId: string, ownerId: string): Promise<void> {
  const client = await s.pools.records.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(`UPDATE bench_floor.customer SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`, [customerId]);
    const version = (rows[0] as { version: number }).version;
    const [interactionId, actionId, needId, painId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const now = new Date();
    const occurred = new Date(now.getTime() - 3_600_000);
    const due = new Date(now.getTime() + 2 * 86_400_000);
    await client.query(
      `INSERT INTO bench_floor.interaction (id, customer_id, occurred_at, method, summary, is_first_contact, logged_at, logged_late, author_id, next_action_id)
       VALUES ($1, $2, $3, 'PHONE_CALL', 'floor', false, $4, false, $5, $6)`,
      [interactionId, customerId, occurred, now, BENCH_MANAGER.userId, actionId],
    );
    await client.query(`INSERT INTO bench_floor.need (id, customer_id, interaction_id, kind, description, created_at, updated_at) VALUES ($1, $2, $3, 'EXPLICIT', 'floor need', $4, $4)`, [needId, customerId, interactionId, now]);
    await client.query(`INSERT INTO bench_floor.need_revision (need_id, change, kind, description, at, by_user_id) VALUES ($1, 'RECORDED', 'EXPLICIT', 'floor need', $2, $3)`, [needId, now, BENCH_MANAGER.userId]);
    await client.query(`INSERT INTO bench_floor.pain_point (id, customer_id, interaction_id, description, need_ids, created_at, updated_at) VALUES ($1, $2, $3, 'floor pain', $4, $5, $5)`, [painId, customerId, interactionId, [needId], now]);
    await client.query(`INSERT INTO bench_floor.pain_point_revision (pain_point_id, change, description, need_ids, at, by_user_id) VALUES ($1, 'RECORDED', 'floor pain', $2, $3, $4)`, [painId, [needId], now, BENCH_MANAGER.userId]);
    await client.query(
      `INSERT INTO bench_floor.next_action (id, customer_id, interaction_id, content, owner_id, due_at, status, created_at, updated_at) VALUES ($1, $2, $3, 'floor action', $4, $5, 'OPEN', $6, $6)`,
      [actionId, customerId, interactionId, ownerId, due, now],
    );
    const actor = JSON.stringify(BENCH_MANAGER);
    await client.query(
      `INSERT INTO bench_floor.outbox_event (id, type, aggregate_id, version, team_id, actor, payload, occurred_at)
       VALUES ($1, 'interaction.logged', $5, $6, $7, $8, $9, $10), ($2, 'need.recorded', $5, $6, $7, $8, '{}', $10),
              ($3, 'pain_point.recorded', $5, $6, $7, $8, '{}', $10), ($4, 'next_action.created', $5, $6, $7, $8, '{}', $10)`,
      [randomUUID(), randomUUID(), randomUUID(), randomUUID(), customerId, version, BENCH_TEAM, actor, JSON.stringify({ interactionId }), now],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export interface WriteResult {
  clients: number;
  floor: LatencySummary;
  gateway: HttpLoadResult;
  /** Interactions the gateway run added (checked in the database: each mutation really wrote). */
  gatewayRowsWritten: number;
}

/**
 * logInteraction at `clients` concurrent clients, spread over the bench team's customers (one customer
 * per request in turn, so concurrent requests rarely wait on one customer's row lock).
 */
export async function runWriteBenchmark(s: SeededSystem, budget: Budget, clients: number): Promise<WriteResult> {
  const { rows } = await s.pools.records.query(`SELECT id, owner_id FROM customer WHERE team_id = $1 ORDER BY id LIMIT 2000`, [BENCH_TEAM]);
  const customers = rows as Array<{ id: string; owner_id: string }>;
  if (customers.length === 0) throw new Error('no customers in the bench team');
  const token = await s.token('SALES_MANAGER', BENCH_MANAGER.userId, BENCH_TEAM);
  const probe = await s.system.graphql(token, LOG_INTERACTION, { input: input(customers[0]!.id, 0) });
  if (probe.errors) throw new Error(`logInteraction failed: ${JSON.stringify(probe.errors)}`);

  await prepareFloorTables(s);
  const floor = await measureLoops(clients, budget, async (_loop, i) => {
    const c = customers[i % customers.length]!;
    await logBySql(s, c.id, c.owner_id);
  });
  const count = async () => Number((await s.pools.records.query(`SELECT count(*) AS n FROM interaction WHERE summary LIKE '基准测试%'`)).rows[0].n);
  const before = await count();
  const gateway = await httpLoad({
    url: s.system.gatewayUrl,
    connections: clients,
    budget,
    headers: { authorization: `Bearer ${token}` },
    body: (i) => JSON.stringify({ query: LOG_INTERACTION, variables: { input: input(customers[i % customers.length]!.id, i) } }),
  });
  const gatewayRowsWritten = (await count()) - before;
  await s.pools.records.query('DROP SCHEMA bench_floor CASCADE');
  return { clients, floor, gateway, gatewayRowsWritten };
}

export function formatWrite(r: WriteResult): string {
  return table(
    ['clients', 'path', 'mutations/s', 'p50 ms', 'p95 ms', 'p99 ms', 'rate / floor rate', 'failed'],
    [
      [r.clients, 'raw pg transaction (floor)', r.floor.perSecond.toFixed(0), ms(r.floor.p50), ms(r.floor.p95), ms(r.floor.p99), '1.00x', 0],
      [r.clients, 'logInteraction via gateway', r.gateway.perSecond.toFixed(0), ms(r.gateway.p50), ms(r.gateway.p95), ms(r.gateway.p99),
        `${(r.gateway.perSecond / r.floor.perSecond).toFixed(2)}x`, r.gateway.non2xx + r.gateway.errors],
    ],
  );
}
