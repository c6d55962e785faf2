import type { DataSource } from 'typeorm';
import { applyEventOnce } from '@salestrail/platform';
import { parseDomainEvent } from '@salestrail/contract';
import { randomUUID } from 'node:crypto';
import { handleRecordsEvent } from '../events/records-event.handler';
import { actorOf, recordsTestDataSource, uniqueTeam } from '../test/harness';
import { customerInput, footprint, interactionInput, rejection, seedKit } from '../test/seed';

describe('who may be named as an owner (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  /**
   * A team, another team, and someone who left; `refused(notAllowed)` lists the owners a manager or rep
   * of the team may not name, with the reason: nobody, the leaver, `notAllowed`, another team's rep.
   */
  async function world() {
    const team = await kit.team();
    const other = await kit.team();
    const left = await kit.person('SALES_REP', `left-${team.teamId}`, team.teamId, { name: '已离职', active: false });
    const refused = (notAllowed: string): Array<[string, string]> => [
      [`nobody-${team.teamId}`, 'UNKNOWN_USER'],
      [left.userId, 'INACTIVE_USER'],
      [notAllowed, 'OWNER_NOT_ALLOWED'],
      [other.rep.userId, 'OWNER_NOT_ALLOWED'],
    ];
    return { team, other, left, refused };
  }

  /** Each owner is refused as BAD_USER_INPUT on `field` with its reason. */
  async function expectRefused(field: string, owners: Array<[string, string]>, attempt: (ownerId: string) => Promise<unknown>) {
    for (const [ownerId, reason] of owners) {
      const error = await rejection(attempt(ownerId));
      expect([error.code, error.details]).toEqual(['BAD_USER_INPUT', { field, reason }]);
    }
  }

  const countByName = async (name: string) => (await ds.query(`SELECT count(*)::int AS n FROM customer WHERE name = $1`, [name]))[0].n as number;

  it('createCustomer: a manager names an active salesperson of the team, nobody else; refusals create nothing', async () => {
    const { team, refused } = await world();
    await expectRefused('ownerId', refused(team.assistant.userId), (ownerId) =>
      kit.services.customers.create(team.manager, customerInput('代建客户', { ownerId })),
    );
    expect(await countByName('代建客户')).toBe(0);
    expect(await kit.services.customers.create(team.manager, customerInput('代建客户', { ownerId: team.rep.userId }))).toMatchObject({
      ownerId: team.rep.userId,
    });
  });

  it('logInteraction: the next action goes to an active member of the customer team who may own one; refusals change nothing', async () => {
    const { team, other, refused } = await world();
    const c = await team.customer();
    const before = await footprint(ds, c.id);
    await expectRefused('nextAction.ownerId', refused(team.marketing.userId), (ownerId) =>
      kit.services.interactions.log(team.rep, interactionInput(c.id, { nextAction: { content: '发送报价单', ownerId, dueAt: new Date('2024-03-25T18:00:00+08:00') } })),
    );
    expect(await footprint(ds, c.id)).toEqual(before);
    // The team's assistant may own a next action; an ADMIN may name any active person.
    const toAssistant = await team.interaction(c, team.rep, {
      needs: [],
      painPoints: [],
      nextAction: { content: '寄送合同样本', ownerId: team.assistant.userId, dueAt: new Date('2024-03-25T18:00:00+08:00') },
    });
    expect(toAssistant.nextAction.ownerId).toBe(team.assistant.userId);
    const byAdmin = await team.interaction(c, team.admin, {
      needs: [],
      painPoints: [],
      nextAction: { content: '安排外组专家远程答疑', ownerId: other.rep.userId, dueAt: new Date('2024-03-25T18:00:00+08:00') },
    });
    expect(byAdmin.nextAction.ownerId).toBe(other.rep.userId);
  });

  it('the caller is always known: a first request works before the directory copy holds them, unless they left', async () => {
    const teamId = uniqueTeam();
    const newcomer = actorOf('SALES_REP', `newcomer-${teamId}`, teamId);
    const c = await kit.services.customers.create(newcomer, customerInput('新人客户'));
    const logged = await kit.services.interactions.log(newcomer, { ...interactionInput(c.id), nextAction: { content: '发送报价单', ownerId: newcomer.userId, dueAt: new Date('2024-03-25T18:00:00+08:00') } });
    expect(logged.nextAction.ownerId).toBe(newcomer.userId);

    const { team, left } = await world();
    const mine = await team.customer('离职前的客户', team.rep);
    const before = await footprint(ds, mine.id);
    const leaver = await rejection(kit.services.customers.create(left, customerInput('离职后建的客户')));
    expect(leaver.details).toEqual({ field: 'ownerId', reason: 'INACTIVE_USER' });
    // Without an owner named, the action goes to the customer's owner: refused once they have left.
    await applyEventOnce(ds, userEvent('user.deactivated', team.rep.userId, team.teamId, false, 2), handleRecordsEvent);
    const defaulted = await rejection(kit.services.interactions.log(team.manager, interactionInput(mine.id)));
    expect(defaulted.details).toEqual({ field: 'nextAction.ownerId', reason: 'INACTIVE_USER' });
    expect(await footprint(ds, mine.id)).toEqual(before);
  });

  it('transferCustomers: to an active salesperson of the target team (ADMIN: anyone active); refusals change nothing', async () => {
    const { team, other, left, refused } = await world();
    const c = await team.customer();
    const before = await footprint(ds, c.id);
    await expectRefused('toUserId', refused(team.assistant.userId), (to) => kit.services.transfers.transfer(team.manager, [c.id], to, null, '调整'));
    const admin = await rejection(kit.services.transfers.transfer(team.admin, [c.id], left.userId, null, '调整'));
    expect(admin.details).toEqual({ field: 'toUserId', reason: 'INACTIVE_USER' });
    expect(await footprint(ds, c.id)).toEqual(before);
    const moved = await kit.services.transfers.transfer(team.admin, [c.id], other.rep.userId, other.teamId, '跨组调整');
    expect(moved[0]).toMatchObject({ ownerId: other.rep.userId, teamId: other.teamId });
  });

  it("keeps its copy of the directory from workflow's events: newest version wins, replays and stale events change nothing", async () => {
    const teamId = uniqueTeam();
    const id = `rep-ev-${teamId}`;
    const row = async () => (await ds.query(`SELECT name, team_id, role, active, version FROM directory_user WHERE id = $1`, [id]))[0];
    await applyEventOnce(ds, userEvent('user.created', id, teamId, true, 1, '李明'), handleRecordsEvent);
    const deactivated = userEvent('user.deactivated', id, teamId, false, 3, '李明');
    await applyEventOnce(ds, deactivated, handleRecordsEvent);
    // An older change arriving late does not bring them back.
    await applyEventOnce(ds, userEvent('user.updated', id, teamId, true, 2, '李明（华东）'), handleRecordsEvent);
    expect(await applyEventOnce(ds, deactivated, handleRecordsEvent)).toBe(false);
    expect(await row()).toEqual({ name: '李明', team_id: teamId, role: 'SALES_REP', active: false, version: 3 });
  });
});

let seq = 1_000_000;
function userEvent(
  type: 'user.created' | 'user.updated' | 'user.deactivated',
  userId: string,
  teamId: string,
  active: boolean,
  version: number,
  name = userId,
) {
  seq += 1;
  const person = { userId, name, email: null, phone: null, locale: 'zh-CN', teamId, role: 'SALES_REP', active };
  const extra =
    type === 'user.created' ? { source: 'ADMIN' } : type === 'user.updated' ? { changed: ['name'] } : { successorId: null, reason: null };
  return parseDomainEvent({
    id: randomUUID(),
    producer: 'workflow',
    seq,
    type,
    version,
    occurredAt: new Date().toISOString(),
    actor: { userId: 'admin-1', role: 'ADMIN', teamId: null },
    teamId,
    aggregateId: userId,
    payload: { ...person, ...extra },
  });
}
