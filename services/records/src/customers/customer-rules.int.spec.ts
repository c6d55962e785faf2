import type { DataSource } from 'typeorm';
import { DomainError, toGraphQLError } from '@salestrail/platform';
import { ContactRole, CustomerKind, SourceChannel } from '../common/enums';
import { recordsTestDataSource } from '../test/harness';
import { customerInput, eventsOf, footprint, rejection, seedKit } from '../test/seed';
import { encodeCursor } from './customer.service';

describe('customers: basics, listing and access (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  it("answers a duplicate name without the other customer's stored name, and with its id only to who may read it", async () => {
    const team = await kit.team();
    const existing = await team.customer('华东精密机械有限公司', team.rep);
    const mine = await team.customer('另一家公司', team.otherRep);
    const before = await footprint(ds, existing.id);
    const u = kit.services.customers;
    /** What a client sees of the refusal: the error as the subgraph sends it. */
    const seen = async (attempt: Promise<unknown>) => {
      const error = await rejection(attempt);
      expect(error).toBeInstanceOf(DomainError);
      return toGraphQLError(error as unknown as DomainError).toJSON();
    };
    const hidden = { message: 'A customer with this name already exists in this team', extensions: { code: 'CONFLICT', reason: 'DUPLICATE_CUSTOMER' } };

    // Another rep of the team cannot read the existing customer: neither its name nor its id.
    const byOtherRep = [
      await seen(team.customer('华东精密机械 有限责任公司', team.otherRep)),
      await seen(u.update(team.otherRep, mine.id, 1, { name: '华东精密机械' })),
    ];
    for (const error of byOtherRep) {
      expect(error).toEqual(hidden);
      expect(JSON.stringify(error)).not.toContain(existing.id);
      expect(JSON.stringify(error)).not.toContain('华东精密机械有限公司');
    }
    // Its owner and the team's manager may read it: they learn which customer it is.
    expect(await seen(team.customer('华东精密机械', team.rep))).toEqual({ ...hidden, extensions: { ...hidden.extensions, customerId: existing.id } });
    expect(await seen(team.customer('华东精密机械', team.manager))).toEqual({ ...hidden, extensions: { ...hidden.extensions, customerId: existing.id } });
    expect(await footprint(ds, existing.id)).toEqual(before);
    expect((await kit.services.customers.get(team.otherRep, mine.id)).name).toBe('另一家公司');
  });

  it('updates basics with the expected version and refuses a stale one, a duplicate name or an unknown industry', async () => {
    const team = await kit.team();
    const c = await team.customer('ABC公司');
    await team.customer('DEF科技');
    const updated = await kit.services.customers.update(team.rep, c.id, 1, {
      industryCode: 'I65',
      remarks: '客户对数据安全要求高',
      sourceChannel: SourceChannel.REFERRAL,
    });
    expect(updated).toMatchObject({ industryCode: 'I65', remarks: '客户对数据安全要求高', version: 2 });
    expect((await eventsOf(ds, c.id)).at(-1)).toMatchObject({
      type: 'customer.updated',
      version: 2,
      payload: { changed: ['industryCode', 'sourceChannel', 'remarks'], contactCount: 2, industryCode: 'I65' },
    });
    const before = await footprint(ds, c.id);
    const u = kit.services.customers;
    expect(await rejection(u.update(team.rep, c.id, 1, { remarks: 'x' }))).toMatchObject({ code: 'CONFLICT', details: { reason: 'STALE_VERSION' } });
    expect(await rejection(u.update(team.rep, c.id, 2, { name: 'DEF科技有限公司' }))).toMatchObject({ code: 'CONFLICT', details: { reason: 'DUPLICATE_CUSTOMER' } });
    expect((await rejection(u.update(team.rep, c.id, 2, { industryCode: 'X01' }))).details).toEqual({ field: 'industryCode', reason: 'UNKNOWN_INDUSTRY' });
    expect((await rejection(u.update(team.rep, c.id, 2, { firstContactDate: '2999-01-01' }))).details).toEqual({ field: 'firstContactDate', reason: 'FUTURE_DATE' });
    expect((await rejection(u.update(team.otherRep, c.id, 2, { remarks: 'x' }))).code).toBe('NOT_FOUND');
    expect((await rejection(u.update(team.assistant, c.id, 2, { remarks: 'x' }))).code).toBe('FORBIDDEN');
    expect(await footprint(ds, c.id)).toEqual(before);
    // Saving unchanged basics is a no-op (no new version, no event).
    expect((await u.update(team.rep, c.id, 2, { remarks: '客户对数据安全要求高', kind: CustomerKind.ENTERPRISE })).version).toBe(2);
    expect(await footprint(ds, c.id)).toEqual(before);
    // Renaming to a variant of its own name is no duplicate.
    expect((await u.update(team.rep, c.id, 2, { name: 'ABC有限公司' })).name).toBe('ABC有限公司');
  });

  it('refuses invalid contact details at creation, and lets only sales create (reps for themselves)', async () => {
    const team = await kit.team();
    const s = kit.services.customers;
    const bad = customerInput('坏电话公司', { contacts: [{ name: '王总', role: ContactRole.DECISION_MAKER, phone: '12345' }] });
    expect((await rejection(s.create(team.rep, bad))).details).toEqual({ field: 'contacts.0.phone', reason: 'INVALID_PHONE' });
    const badMail = customerInput('坏邮箱公司', { contacts: [{ name: '王总', role: ContactRole.DECISION_MAKER, email: 'wang@' }] });
    expect((await rejection(s.create(team.rep, badMail))).details).toEqual({ field: 'contacts.0.email', reason: 'INVALID_EMAIL' });
    expect((await rejection(s.create(team.rep, customerInput('无联系人', { contacts: [] })))).details.reason).toBe('TOO_FEW');
    expect((await rejection(s.create(team.rep, customerInput('代建公司', { ownerId: team.otherRep.userId })))).code).toBe('FORBIDDEN');
    expect((await rejection(s.create(team.marketing, customerInput('市场部公司')))).code).toBe('FORBIDDEN');
    expect((await rejection(s.create(team.assistant, customerInput('助理公司')))).code).toBe('FORBIDDEN');
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM customer WHERE team_id = $1`, [team.teamId]);
    expect(count).toBe(0);
    const forRep = await s.create(team.manager, customerInput('经理代建公司', { ownerId: team.otherRep.userId, kind: CustomerKind.INDIVIDUAL }));
    expect(forRep).toMatchObject({ ownerId: team.otherRep.userId, teamId: team.teamId });
  });

  it('scopes reads by role: own, team, all, after-sales stages', async () => {
    const team = await kit.team();
    const mine = await team.customer('甲公司');
    const colleague = await team.customer('乙公司', team.otherRep);
    const signing = await team.customer('丙公司');
    await kit.services.stages.changeStage(team.rep, signing.id, 'DEAL_SIGNING', null, 1);
    const ids = [mine.id, colleague.id, signing.id];
    const visible = async (actor: typeof team.rep) => (await kit.services.customers.findVisible(actor, ids)).map((c) => c.name).sort();
    expect(await visible(team.rep)).toEqual(['甲公司', '丙公司'].sort());
    expect(await visible(team.otherRep)).toEqual(['乙公司']);
    expect(await visible(team.manager)).toEqual(['甲公司', '乙公司', '丙公司'].sort());
    expect(await visible(team.assistant)).toEqual(['甲公司', '乙公司', '丙公司'].sort());
    expect(await visible(team.marketing)).toEqual(['甲公司', '乙公司', '丙公司'].sort());
    expect(await visible(team.afterSales)).toEqual(['丙公司']);
    expect(await visible((await kit.team()).manager)).toEqual([]);
    expect((await rejection(kit.services.customers.get(team.rep, 'not-a-uuid'))).code).toBe('NOT_FOUND');
  });

  it('pages with a stable cursor, filters, and searches Chinese names by substring', async () => {
    const team = await kit.team();
    const names = ['北京华为科技', '上海华为贸易', 'ABC公司', '深圳腾讯'];
    for (const n of names) await team.customer(n);
    const list = kit.services.customers;
    const page1 = await list.list(team.manager, { teamId: team.teamId }, 3);
    expect(page1.totalCount).toBe(4);
    expect(page1.hasNextPage).toBe(true);
    expect(page1.rows.map((r) => r.name)).toEqual(['深圳腾讯', 'ABC公司', '上海华为贸易']);
    // A customer created after the first page does not shift the next one.
    await team.customer('后来公司');
    const page2 = await list.list(team.manager, { teamId: team.teamId }, 3, encodeCursor(page1.rows.at(-1)!));
    expect(page2.rows.map((r) => r.name)).toEqual(['北京华为科技']);
    expect((await list.list(team.manager, { search: '华为' }, 10)).rows.map((r) => r.name).sort()).toEqual(['上海华为贸易', '北京华为科技'].sort());
    expect((await list.list(team.manager, { search: 'abc' }, 10)).rows.map((r) => r.name)).toEqual(['ABC公司']);
    expect((await list.list(team.manager, { search: '100%' }, 10)).totalCount).toBe(0);
    expect((await rejection(list.list(team.manager, undefined, 101))).details).toEqual({ field: 'first', reason: 'OUT_OF_RANGE' });
    expect((await rejection(list.list(team.manager, undefined, 10, 'garbage'))).details).toEqual({ field: 'after', reason: 'INVALID_CURSOR' });
  });

  it('filters customers with overdue next actions', async () => {
    const team = await kit.team();
    const late = await team.customer('逾期公司');
    const fine = await team.customer('正常公司');
    await team.interaction(late);
    await team.interaction(fine, team.rep, {
      occurredAt: new Date(Date.now() - 3600_000),
      nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: new Date(Date.now() + 86400_000) },
    });
    const overdue = await kit.services.customers.list(team.manager, { hasOverdueActions: true }, 10);
    expect(overdue.rows.map((r) => r.name)).toEqual(['逾期公司']);
    const notOverdue = await kit.services.customers.list(team.manager, { hasOverdueActions: false }, 10);
    expect(notOverdue.rows.map((r) => r.name)).toEqual(['正常公司']);
  });
});
