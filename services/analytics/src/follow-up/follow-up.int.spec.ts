import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FunnelDimension } from '../common/dimensions';
import { actorOf, analyticsTestDataSource, uniqueTeam } from '../test/harness';
import { History, shuffled } from '../test/history';
import { followUpScenario } from '../test/scenarios';
import type { FunnelQuery } from '../funnel/funnel.service';
import { FollowUpService } from './follow-up.service';
import type { FollowUpGroup } from './follow-up.types';

const admin = actorOf('ADMIN', 'admin', null);
const march = (team: string): FunnelQuery => ({ from: '2024-03-01', to: '2024-03-31', filter: { teamId: team } });

function idsFor(team: string) {
  const ids = new Map<string, string>();
  return (name: string) => {
    if (!ids.has(name)) ids.set(name, `${team}-${name}-${randomUUID()}`);
    return ids.get(name)!;
  };
}

describe('followUpEfficiency (events applied to the read model, real Postgres)', () => {
  let ds: DataSource;
  let followUp: FollowUpService;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
    followUp = new FollowUpService(ds);
  });
  afterAll(() => ds.destroy());

  async function answer(query: FunnelQuery, actor = admin): Promise<FollowUpGroup[]> {
    const fast = await followUp.followUpEfficiency(actor, query);
    expect(fast).toEqual(await followUp.exactFollowUpEfficiency(actor, query));
    return fast;
  }

  it('computes March as worked out by hand', async () => {
    const team = uniqueTeam();
    await followUpScenario(team, idsFor(team)).apply(ds);
    const [g, ...rest] = await answer(march(team));
    expect(rest).toHaveLength(0);
    expect(g).toEqual({
      key: { ownerId: null, teamId: null, industryCode: null, sourceChannel: null },
      interactionsLogged: 3,
      loggedWithin24hRate: 2 / 3,
      firstContacts: 1, // the one of 1 March is e's earliest; the others follow up
      actionsDue: 3, // a1, a2, a4 (a3 cancelled, a5 due 1 April 00:00 local, a6 rescheduled to April)
      actionsCompletedOnTime: 1,
      onTimeRate: 1 / 3,
      medianHoursToComplete: 76, // a1 56 h, a2 96 h
      openOverdue: 2, // a4 and a5, whatever the period
    });
  });

  it('answers nulls for rates over nothing, and still counts open overdue actions', async () => {
    const team = uniqueTeam();
    await followUpScenario(team, idsFor(team)).apply(ds);
    const [g] = await answer({ from: '2023-01-01', to: '2023-01-31', filter: { teamId: team } });
    expect(g).toMatchObject({
      interactionsLogged: 0,
      loggedWithin24hRate: null,
      actionsDue: 0,
      onTimeRate: null,
      medianHoursToComplete: null,
      openOverdue: 2,
    });
  });

  it('follows the team time zone, open actions moved by a transfer, and the caller\'s scope', async () => {
    const team = uniqueTeam();
    const h = new History(team).teamUpserted('Europe/Berlin');
    const ids = idsFor(team);
    h.customer('f', 'rep-1')
      .created('2024-02-01T09:00:00.000Z')
      // 31 March 23:30 in Berlin (CEST) is 1 April in Shanghai: inside March for this team.
      .interaction('2024-03-31T21:30:00.000Z', '2024-03-31T22:00:00.000Z')
      .nextAction(ids('x'), '2024-03-20T09:00:00.000Z', '2024-03-31T21:45:00.000Z')
      .transferred('rep-2', '2024-03-25T09:00:00.000Z', [ids('x')]);
    await h.apply(ds);
    const [g] = await answer(march(team));
    expect(g).toMatchObject({ interactionsLogged: 1, actionsDue: 1, openOverdue: 1 });
    const byOwner = await answer({ ...march(team), groupBy: [FunnelDimension.OWNER] });
    // The interaction stays with the owner at the time; the open action moved to the new owner.
    expect(byOwner.map((x) => [x.key.ownerId, x.interactionsLogged, x.actionsDue])).toEqual([
      ['rep-1', 1, 0],
      ['rep-2', 0, 1],
    ]);
    const [rep1] = await answer(march(team), actorOf('SALES_REP', 'rep-1', team));
    expect(rep1).toMatchObject({ interactionsLogged: 1, actionsDue: 0, openOverdue: 0 });
    // Changing the team's time zone re-buckets its facts: in Shanghai the interaction falls on 1 April.
    await h.apply(ds, new History(team).teamUpserted('Asia/Shanghai').events);
    const [after] = await answer(march(team));
    expect(after).toMatchObject({ interactionsLogged: 0, actionsDue: 0, openOverdue: 1 });
  });

  it('counts exactly one first contact per customer, the earliest, even when an earlier one is logged later', async () => {
    const team = uniqueTeam();
    const h = new History(team);
    h.customer('g', 'rep-1')
      .created('2024-02-01T02:00:00.000Z')
      .interaction('2024-03-10T02:00:00.000Z', '2024-03-10T03:00:00.000Z')
      .interaction('2024-03-12T02:00:00.000Z', '2024-03-12T03:00:00.000Z');
    h.customer('k', 'rep-2').created('2024-02-01T02:00:00.000Z').interaction('2024-03-20T02:00:00.000Z', '2024-03-20T03:00:00.000Z');
    await h.apply(ds);
    const feb = (t: string): FunnelQuery => ({ from: '2024-02-01', to: '2024-02-29', filter: { teamId: t } });
    expect((await answer(march(team))).map((g) => [g.interactionsLogged, g.firstContacts])).toEqual([[3, 2]]);
    const byOwner = await answer({ ...march(team), groupBy: [FunnelDimension.OWNER] });
    expect(byOwner.map((g) => [g.key.ownerId, g.interactionsLogged, g.firstContacts])).toEqual([
      ['rep-1', 2, 1],
      ['rep-2', 1, 1],
    ]);
    // A communication of 25 February logged in March is g's first contact now: March keeps only k's.
    const applied = h.events.length;
    h.customer('g').interaction('2024-02-25T02:00:00.000Z', '2024-03-13T03:00:00.000Z');
    await h.apply(ds, h.events.slice(applied));
    expect((await answer(march(team))).map((g) => [g.interactionsLogged, g.firstContacts])).toEqual([[3, 1]]);
    expect((await answer(feb(team))).map((g) => [g.interactionsLogged, g.firstContacts])).toEqual([[1, 1]]);
  });

  it('counts an open action handed to someone else for them, while the customer keeps its owner', async () => {
    const team = uniqueTeam();
    const h = new History(team).teamUpserted('Asia/Shanghai');
    const ids = idsFor(team);
    h.customer('g', 'rep-1')
      .created('2024-02-01T09:00:00.000Z')
      .nextAction(ids('y'), '2024-03-20T09:00:00.000Z', '2024-03-29T09:00:00.000Z')
      .reassigned(ids('y'), 'rep-3', '2024-03-25T09:00:00.000Z');
    await h.apply(ds);
    const byOwner = await answer({ ...march(team), groupBy: [FunnelDimension.OWNER] });
    expect(byOwner.map((x) => [x.key.ownerId, x.actionsDue, x.openOverdue])).toEqual([['rep-3', 1, 1]]);
    const [rep1] = await answer(march(team), actorOf('SALES_REP', 'rep-1', team));
    expect(rep1).toMatchObject({ actionsDue: 0, openOverdue: 0 });
  });

  it('gives the same figures whatever order the events arrive in, and when they arrive twice', async () => {
    const reference = uniqueTeam();
    await followUpScenario(reference, idsFor(reference)).apply(ds);
    const expected = await answer(march(reference));
    for (const seed of [3, 11]) {
      const team = uniqueTeam();
      const h = followUpScenario(team, idsFor(team));
      const events = shuffled(h.events, seed);
      await h.apply(ds, [...events, ...shuffled(events, seed * 5)]);
      expect(await answer(march(team))).toEqual(expected);
    }
  });
});
