import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { applyEventsOnce } from '@salestrail/platform';
import type { Stage } from '@salestrail/contract';
import { analyticsTestDataSource, uniqueTeam } from '../test/harness';
import { History, shuffled } from '../test/history';
import { handleAnalyticsEvents } from './analytics-event.handler';

const STAGES: Stage[] = ['LEAD_NURTURING', 'NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED', 'NEGOTIATION', 'DEAL_SIGNING', 'LEAD_TERMINATED'];

/**
 * The same deterministic history for any team: 14 customers with stage moves (re-entries included),
 * interactions (some logged late), next actions completed, cancelled and rescheduled, an update of
 * industry and a transfer, and a time-zone change of the team half-way. Ids are derived from the team,
 * so two teams hold the same history under different names.
 */
function history(team: string): History {
  const h = new History(team);
  let s = 11;
  const next = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < 14; i += 1) {
    const c = h.customer(`c${i}`, `rep-${i % 3}`, { industryCode: i % 2 ? 'C34' : 'I65', sourceChannel: i % 3 ? 'REFERRAL' : 'INBOUND' });
    let at = Date.parse('2024-02-01T03:00:00Z') + next(200) * 86_400_000;
    c.created(iso(at));
    for (let k = 0; k < 4; k += 1) {
      at += (1 + next(9)) * 86_400_000 + next(5) * 3_600_000;
      c.stage(STAGES[next(STAGES.length)]!, iso(at));
      c.interaction(iso(at - 3_600_000), iso(at - 3_600_000 + next(40) * 3_600_000));
    }
    for (let k = 0; k < 3; k += 1) {
      const id = `${team}-a${i}-${k}`;
      const created = at - next(100) * 86_400_000;
      const due = created + (1 + next(5)) * 86_400_000;
      c.nextAction(id, iso(created), iso(due));
      if (k === 0) c.completed(id, iso(created + (1 + next(8)) * 43_200_000));
      if (k === 1 && i % 4 === 0) c.cancelled(id, iso(created + 3_600_000));
      if (k === 2 && i % 5 === 0) c.rescheduled(id, iso(due), iso(due + 2 * 86_400_000));
    }
    if (i % 6 === 0) c.updated({ industryCode: 'F51' }, iso(at + 1_000));
    if (i % 7 === 0) c.transferred('rep-9', iso(at + 2_000), [`${team}-a${i}-2`]);
  }
  h.teamUpserted('Asia/Singapore');
  return h;
}

/** Every read-model row of one team, with the team's name taken out so two teams compare. */
async function snapshot(ds: DataSource, team: string): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string> = {
    customer_state: `SELECT * FROM customer_state WHERE team_id = $1 OR customer_id LIKE $1 || '-%'`,
    stage_transition: `SELECT customer_id, from_stage, to_stage, at, owner_id, team_id, customer_version, local_day, days_in_from_stage FROM stage_transition WHERE team_id = $1`,
    funnel_contribution: `SELECT * FROM funnel_contribution WHERE team_id = $1`,
    funnel_daily: `SELECT * FROM funnel_daily WHERE team_id = $1`,
    funnel_rollup_owner: `SELECT * FROM funnel_rollup_owner WHERE team_id = $1`,
    follow_up_contribution: `SELECT * FROM follow_up_contribution WHERE team_id = $1`,
    follow_up_daily: `SELECT * FROM follow_up_daily WHERE team_id = $1`,
    follow_up_rollup_owner: `SELECT * FROM follow_up_rollup_owner WHERE team_id = $1`,
    open_action_daily: `SELECT * FROM open_action_daily WHERE team_id = $1`,
    open_action_rollup_owner: `SELECT * FROM open_action_rollup_owner WHERE team_id = $1`,
    median_value: `SELECT kind, customer_id, day, stage, owner_id, team_id, industry_code, source_channel, value, bucket FROM median_value WHERE team_id = $1`,
    median_histogram_owner: `SELECT * FROM median_histogram_owner WHERE team_id = $1`,
    median_sorted_owner: `SELECT * FROM median_sorted_owner WHERE team_id = $1 AND cardinality(vals) > 0`,
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(tables)) {
    const rows: Array<Record<string, unknown>> = await ds.query(sql, [team]);
    out[name] = rows
      .map((row) => JSON.stringify(row, Object.keys(row).sort()).split(team).join('TEAM'))
      .sort();
  }
  return out;
}

describe('batched application of events (real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
  });
  afterAll(() => ds.destroy());

  it('builds exactly the read model that applying the events one by one builds, whatever the batch sizes', async () => {
    const single = uniqueTeam();
    const batched = uniqueTeam();
    const one = history(single);
    const many = history(batched);
    expect(one.events.length).toBe(many.events.length);
    const order = shuffled(
      one.events.map((_, i) => i),
      5,
    );

    for (const i of order) await applyEventsOnce(ds, [one.events[i]!], handleAnalyticsEvents);

    // Batches of 1..30 events in the same order, and every batch sent twice (a redelivery inside the
    // next batch): each event must still count once.
    let start = 0;
    let size = 1;
    let previous: typeof many.events = [];
    let appliedNow = 0;
    while (start < order.length) {
      const batch = order.slice(start, start + size).map((i) => many.events[i]!);
      const applied = await applyEventsOnce(ds, [...previous.slice(0, 2), ...batch], handleAnalyticsEvents);
      expect([...applied].sort()).toEqual(batch.map((e) => e.id).sort());
      appliedNow += applied.size;
      previous = batch;
      start += size;
      size = (size * 7 + 3) % 31 || 1;
    }
    expect(appliedNow).toBe(many.events.length);

    const expected = await snapshot(ds, single);
    const actual = await snapshot(ds, batched);
    expect(expected.funnel_daily!.length).toBeGreaterThan(20);
    expect(expected.median_sorted_owner!.length).toBeGreaterThan(5);
    expect(actual).toEqual(expected);
  }, 120_000);

  it('rolls a whole batch back when one event cannot be applied: nothing of it is recorded', async () => {
    const team = uniqueTeam();
    const h = history(team);
    const customer = `${team}-c0`;
    const good = h.events.filter((e) => (e.payload as { customerId?: string }).customerId === customer);
    // An interaction whose time Postgres cannot read fails when written (the contract would refuse it
    // earlier; here it stands for any event the database rejects).
    const logged = h.events.find((e) => e.type === 'interaction.logged' && (e.payload as { customerId: string }).customerId === customer)!;
    const broken = { ...logged, id: randomUUID(), seq: logged.seq + 1_000_000, payload: { ...logged.payload, interactionId: randomUUID(), occurredAt: 'not a time' } };
    const countRows = async () => {
      const [row]: Array<{ events: number; transitions: number }> = await ds.query(
        `SELECT (SELECT count(*)::int FROM processed_event WHERE event_id = ANY($1::uuid[])) AS events,
                (SELECT count(*)::int FROM stage_transition WHERE customer_id = $2) AS transitions`,
        [[...good, broken].map((e) => e.id), customer],
      );
      return row;
    };
    const before = await countRows();
    await expect(applyEventsOnce(ds, [...good, broken as typeof good[number]], handleAnalyticsEvents)).rejects.toThrow();
    expect(await countRows()).toEqual(before);
    // Without the broken event the same batch applies.
    expect((await applyEventsOnce(ds, good, handleAnalyticsEvents)).size).toBe(good.length);
    expect((await countRows())!.transitions).toBeGreaterThan(0);
  });
});
