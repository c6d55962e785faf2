import type { DataSource } from 'typeorm';
import { recordsTestDataSource } from '../test/harness';
import { rejection, seedKit } from '../test/seed';

describe('access log (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  const logOf = (customerId: string) =>
    ds.query(`SELECT user_id, role, action, request_id, detail FROM access_log WHERE customer_id = $1 ORDER BY id`, [customerId]);

  it('records every single-customer read by who and when, and nothing for a read that was refused', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    await kit.services.customers.read(team.manager, customer.id, 'req-1');
    await kit.services.customers.read(team.marketing, customer.id);
    await expect(kit.services.customers.read(team.otherRep, customer.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Listing and internal lookups are not single-customer reads.
    await kit.services.customers.get(team.rep, customer.id);
    expect(await logOf(customer.id)).toEqual([
      { user_id: team.manager.userId, role: 'SALES_MANAGER', action: 'CUSTOMER_READ', request_id: 'req-1', detail: null },
      { user_id: team.marketing.userId, role: 'MARKETING', action: 'CUSTOMER_READ', request_id: null, detail: null },
    ]);
  });

  it('records a transfer in its transaction (a refused transfer leaves no entry)', async () => {
    const team = await kit.team();
    const a = await team.customer('交接客户甲');
    const b = await team.customer('交接客户乙', team.otherRep);
    const successor = await kit.person('SALES_REP', `rep-new-${team.teamId}`, team.teamId);
    await rejection(kit.services.transfers.transfer(team.rep, [a.id, b.id], successor.userId, null, '离职交接'));
    expect(await logOf(a.id)).toEqual([]);
    await kit.services.transfers.transfer(team.manager, [a.id, b.id], successor.userId, null, '离职交接');
    for (const id of [a.id, b.id]) {
      expect(await logOf(id)).toEqual([
        {
          user_id: team.manager.userId,
          role: 'SALES_MANAGER',
          action: 'CUSTOMER_TRANSFERRED',
          request_id: null,
          detail: { toUserId: successor.userId, toTeamId: null, reason: '离职交接' },
        },
      ]);
    }
  });

  it('is readable by ADMIN only, filtered and newest first, and cannot be altered', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const other = await team.customer('另一家公司');
    await kit.services.customers.read(team.rep, customer.id);
    await kit.services.customers.read(team.manager, customer.id);
    await kit.services.customers.read(team.manager, other.id);

    const forCustomer = await kit.services.accessLog.list(team.admin, { customerId: customer.id });
    expect(forCustomer.map((e) => e.userId)).toEqual([team.manager.userId, team.rep.userId]);
    const byManager = await kit.services.accessLog.list(team.admin, { userId: team.manager.userId });
    expect(byManager.map((e) => e.customerId).sort()).toEqual([customer.id, other.id].sort());
    // Each entry names its customer, as people know it.
    expect(new Map(byManager.map((e) => [e.customerId, e.customerName]))).toEqual(
      new Map([
        [customer.id, customer.name],
        [other.id, '另一家公司'],
      ]),
    );
    expect(await kit.services.accessLog.list(team.admin, { customerId: customer.id, action: 'CUSTOMER_TRANSFERRED' })).toEqual([]);

    expect((await rejection(kit.services.accessLog.list(team.manager, {}))).code).toBe('FORBIDDEN');
    expect((await rejection(kit.services.accessLog.list(team.admin, { customerId: 'not-a-uuid' }))).details).toEqual({
      field: 'filter.customerId',
      reason: 'INVALID_ID',
    });
    expect((await rejection(kit.services.accessLog.list(team.admin, {}, 0))).details.reason).toBe('OUT_OF_RANGE');

    await expect(ds.query(`DELETE FROM access_log WHERE customer_id = $1`, [customer.id])).rejects.toThrow(/append-only/);
    await expect(ds.query(`UPDATE access_log SET user_id = 'x' WHERE customer_id = $1`, [customer.id])).rejects.toThrow(/append-only/);
    expect(await logOf(customer.id)).toHaveLength(2);
  });

  it('pages newest first by offset, within a period, and refuses a bad offset or an empty period', async () => {
    const team = await kit.team();
    const customers = [];
    for (const name of ['分页甲公司', '分页乙公司', '分页丙公司', '分页丁公司', '分页戊公司']) customers.push(await team.customer(name));
    const before = new Date();
    for (const c of customers) await kit.services.customers.read(team.manager, c.id);
    const after = new Date(Date.now() + 1_000);
    const filter = { userId: team.manager.userId };
    const all = await kit.services.accessLog.list(team.admin, filter, 10);
    expect(all.map((e) => e.customerId)).toEqual(customers.map((c) => c.id).reverse());
    const pages = [
      await kit.services.accessLog.list(team.admin, filter, 2, 0),
      await kit.services.accessLog.list(team.admin, filter, 2, 2),
      await kit.services.accessLog.list(team.admin, filter, 2, 4),
    ];
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(await kit.services.accessLog.list(team.admin, filter, 2, 6)).toEqual([]);
    expect(await kit.services.accessLog.list(team.admin, { ...filter, from: before, to: after }, 10)).toHaveLength(5);
    expect(await kit.services.accessLog.list(team.admin, { ...filter, from: after }, 10)).toEqual([]);

    expect((await rejection(kit.services.accessLog.list(team.admin, filter, 2, -1))).details).toEqual({ field: 'offset', reason: 'OUT_OF_RANGE' });
    expect((await rejection(kit.services.accessLog.list(team.admin, { ...filter, from: after, to: before }, 2))).details).toEqual({
      field: 'filter.to',
      reason: 'INVALID_RANGE',
    });
  });
});
