import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import { NeedKind, SalesStage } from '../common/enums';
import { recordsTestDataSource } from '../test/harness';
import { rejection, seedKit } from '../test/seed';
import { CustomerOrderField, OrderDirection, type CustomerOrder } from './customer.inputs';

describe('customers ordered by the server, paged with cursors that keep the order (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  let clock = new Date('2024-03-20T10:00:00+08:00');
  const tick = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds, () => clock);
  });
  afterAll(() => ds.destroy());

  /**
   * Five customers of one team: names, stages, last calls and next deadlines all in different orders, and
   * two without any call (their dates are missing).
   */
  async function team() {
    clock = new Date('2024-03-20T10:00:00+08:00');
    const t = await kit.team('order');
    const call = (id: string, occurred: string, due: string) =>
      t.interaction(id, t.rep, {
        occurredAt: new Date(`${occurred}+08:00`),
        needs: [{ kind: NeedKind.EXPLICIT, description: '预算50万以内' }],
        painPoints: [],
        nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: new Date(`${due}+08:00`) },
      });
    const c = await t.customer('C丙公司');
    tick(1);
    const a = await t.customer('A甲公司');
    tick(1);
    await t.customer('E戊公司');
    tick(1);
    const b = await t.customer('B乙公司');
    tick(1);
    await t.customer('D丁公司');
    tick(1);
    await call(a.id, '2024-03-18T09:00:00', '2024-03-28T18:00:00');
    tick(1);
    await call(c.id, '2024-03-19T09:00:00', '2024-03-22T18:00:00');
    tick(1);
    await call(b.id, '2024-03-17T09:00:00', '2024-03-25T18:00:00');
    tick(1);
    // B's stage moves on (and so it is the latest updated)
    const current = await kit.services.customers.read(t.rep, b.id, 'test');
    await kit.services.stages.changeStage(t.rep, b.id, SalesStage.NEGOTIATION, null, current.version);
    tick(1);
    const latestC = await kit.services.customers.read(t.rep, c.id, 'test');
    await kit.services.stages.changeStage(t.rep, c.id, SalesStage.NEEDS_CONFIRMED, null, latestC.version);
    return t;
  }

  /** Every customer of the team in the order asked, read two at a time through the cursors. */
  async function all(actor: Actor, teamId: string, orderBy: CustomerOrder): Promise<string[]> {
    const names: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i += 1) {
      const page = await kit.services.customers.list(actor, { teamId }, 2, after, true, orderBy);
      expect(page.totalCount).toBe(5);
      names.push(...page.rows.map((r) => r.name));
      if (!page.hasNextPage) return names;
      after = page.cursorOf(page.rows.at(-1)!);
    }
    throw new Error('paging did not end');
  }
  const by = (field: CustomerOrderField, direction = OrderDirection.ASC): CustomerOrder => ({ field, direction });

  it('orders every matching customer, not the page in view, by each field either way', async () => {
    const t = await team();
    const m = t.manager;
    expect(await all(m, t.teamId, by(CustomerOrderField.NAME))).toEqual(['A甲公司', 'B乙公司', 'C丙公司', 'D丁公司', 'E戊公司']);
    expect(await all(m, t.teamId, by(CustomerOrderField.NAME, OrderDirection.DESC))).toEqual(['E戊公司', 'D丁公司', 'C丙公司', 'B乙公司', 'A甲公司']);
    // stage in the form's order; equal stages by id, so only the stage groups are compared
    const stages = await all(m, t.teamId, by(CustomerOrderField.STAGE, OrderDirection.DESC));
    expect(stages.slice(0, 2)).toEqual(['B乙公司', 'C丙公司']);
    expect(new Set(stages.slice(2))).toEqual(new Set(['A甲公司', 'D丁公司', 'E戊公司']));
    // customers without a call come last both ways
    const lastCall = await all(m, t.teamId, by(CustomerOrderField.LAST_INTERACTION, OrderDirection.DESC));
    expect(lastCall.slice(0, 3)).toEqual(['C丙公司', 'A甲公司', 'B乙公司']);
    expect(new Set(lastCall.slice(3))).toEqual(new Set(['D丁公司', 'E戊公司']));
    expect((await all(m, t.teamId, by(CustomerOrderField.LAST_INTERACTION))).slice(0, 3)).toEqual(['B乙公司', 'A甲公司', 'C丙公司']);
    expect((await all(m, t.teamId, by(CustomerOrderField.NEXT_ACTION_DUE))).slice(0, 3)).toEqual(['C丙公司', 'B乙公司', 'A甲公司']);
    expect((await all(m, t.teamId, by(CustomerOrderField.NEXT_ACTION_DUE, OrderDirection.DESC))).slice(0, 3)).toEqual(['A甲公司', 'B乙公司', 'C丙公司']);
    expect(await all(m, t.teamId, by(CustomerOrderField.UPDATED, OrderDirection.DESC))).toEqual(['C丙公司', 'B乙公司', 'A甲公司', 'D丁公司', 'E戊公司']);
    expect(await all(m, t.teamId, by(CustomerOrderField.CREATED))).toEqual(['C丙公司', 'A甲公司', 'E戊公司', 'B乙公司', 'D丁公司']);
  });

  it('keeps the read scope: a rep orders only their own customers', async () => {
    const t = await team();
    await t.customer('0同事的公司', t.otherRep);
    const page = await kit.services.customers.list(t.rep, {}, 100, undefined, true, by(CustomerOrderField.NAME));
    expect(page.rows.map((r) => r.name)).toEqual(['A甲公司', 'B乙公司', 'C丙公司', 'D丁公司', 'E戊公司']);
    expect(page.totalCount).toBe(5);
  });

  it('refuses a cursor of another order (it would skip or repeat customers)', async () => {
    const t = await team();
    const byName = await kit.services.customers.list(t.manager, { teamId: t.teamId }, 2, undefined, false, by(CustomerOrderField.NAME));
    const cursor = byName.cursorOf(byName.rows[1]!);
    const other = await rejection(kit.services.customers.list(t.manager, { teamId: t.teamId }, 2, cursor, false, by(CustomerOrderField.NAME, OrderDirection.DESC)));
    expect(other.details).toEqual({ field: 'after', reason: 'INVALID_CURSOR' });
    const newest = await kit.services.customers.list(t.manager, { teamId: t.teamId }, 2);
    const mixed = await rejection(kit.services.customers.list(t.manager, { teamId: t.teamId }, 2, newest.cursorOf(newest.rows[0]!), false, by(CustomerOrderField.STAGE)));
    expect(mixed.details).toEqual({ field: 'after', reason: 'INVALID_CURSOR' });
    const forged = Buffer.from(JSON.stringify(['STAGE', 'ASC', "1; DROP TABLE customer", byName.rows[0]!.id])).toString('base64url');
    expect((await rejection(kit.services.customers.list(t.manager, { teamId: t.teamId }, 2, forged, false, by(CustomerOrderField.STAGE)))).details.reason).toBe('INVALID_CURSOR');
  });
});
