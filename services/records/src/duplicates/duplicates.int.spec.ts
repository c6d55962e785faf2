import type { DataSource } from 'typeorm';
import { recordsTestDataSource } from '../test/harness';
import { eventsOf, footprint, rejection, seedKit } from '../test/seed';
import { ContactRole } from '../common/enums';

describe('duplicates across teams and similar names (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  it('records a customer another team has too, names the match in its event and shows it as each role may see it', async () => {
    const a = await kit.team('dup-a');
    const b = await kit.team('dup-b');
    const name = `星辰动力${a.teamId}有限公司`;
    const theirs = await a.customer(name);
    const ours = await b.customer(`星辰动力${a.teamId.toUpperCase()} 有限责任公司`);
    expect(ours.teamId).toBe(b.teamId);
    const [created] = (await eventsOf(ds, ours.id)).filter((e) => e.type === 'customer.created');
    expect(created!.payload.possibleDuplicates).toEqual([{ customerId: theirs.id, teamId: a.teamId }]);
    const [first] = (await eventsOf(ds, theirs.id)).filter((e) => e.type === 'customer.created');
    expect(first!.payload.possibleDuplicates).toBeUndefined();

    const seen = async (actor: typeof b.rep, id: string) => (await kit.services.duplicates.possibleDuplicatesOf(actor, [id])).get(id);
    expect(await seen(b.rep, ours.id)).toEqual([{ teamId: null, customerId: null }]);
    expect(await seen(b.manager, ours.id)).toEqual([{ teamId: a.teamId, customerId: null }]);
    expect(await seen(b.assistant, ours.id)).toEqual([{ teamId: a.teamId, customerId: null }]);
    expect(await seen(b.admin, ours.id)).toEqual([{ teamId: a.teamId, customerId: theirs.id }]);
    expect(await seen(b.marketing, ours.id)).toEqual([{ teamId: a.teamId, customerId: theirs.id }]);
    expect(await seen(a.manager, theirs.id)).toEqual([{ teamId: b.teamId, customerId: null }]);
    expect(await seen(a.rep, theirs.id)).toEqual([{ teamId: null, customerId: null }]);

    // Within one team the same name is still refused, changing nothing.
    const before = await footprint(ds, ours.id);
    expect((await rejection(b.customer(name))).details.reason).toBe('DUPLICATE_CUSTOMER');
    expect(await footprint(ds, ours.id)).toEqual(before);
  });

  it('names the matches of a customer renamed to another team’s name', async () => {
    const a = await kit.team('dup-c');
    const b = await kit.team('dup-d');
    const theirs = await a.customer(`海川物流${a.teamId}`);
    const ours = await b.customer(`暂定名称${b.teamId}`);
    await kit.services.customers.update(b.rep, ours.id, 1, { remarks: '重要客户' });
    await kit.services.customers.update(b.rep, ours.id, 2, { name: `海川物流${a.teamId}股份有限公司` });
    const updates = (await eventsOf(ds, ours.id)).filter((e) => e.type === 'customer.updated');
    expect(updates.map((e) => e.payload.possibleDuplicates)).toEqual([undefined, [{ customerId: theirs.id, teamId: a.teamId }]]);
  });

  it('offers names like the one typed, within what the caller may see, and says whether other teams have one', async () => {
    const a = await kit.team('sim-a');
    const b = await kit.team('sim-b');
    const token = a.teamId.slice(-12);
    const own = await a.customer(`云杉智能${token}科技有限公司`);
    const colleagues = await a.customer(`云杉智能${token}装备有限公司`, a.otherRep);
    await b.customer(`云杉智能${token}科技（集团）有限公司`);
    const asRep = await kit.services.duplicates.similar(a.rep, `云杉智能${token}科技`);
    expect(asRep.customers.map((m) => m.customer.id)).toEqual([own.id]);
    expect(asRep.customers[0]!.similarity).toBe(1);
    expect(asRep.inOtherTeams).toBe(true);
    const asManager = await kit.services.duplicates.similar(a.manager, `云杉智能${token}`);
    expect(asManager.customers.map((m) => m.customer.id).sort()).toEqual([own.id, colleagues.id].sort());
    const asB = await kit.services.duplicates.similar(b.manager, `云杉智能${token}装备`);
    expect(asB.customers.map((m) => m.customer.name)).toEqual([`云杉智能${token}科技（集团）有限公司`]);
    expect(asB.inOtherTeams).toBe(true);
    const nowhere = await kit.services.duplicates.similar(a.rep, "完全不同的名字甲乙丙丁戊己");
    expect(nowhere).toEqual({ customers: [], inOtherTeams: false });
    expect(await kit.services.duplicates.similar(a.rep, ' 云杉 ')).toEqual({ customers: [], inOtherTeams: false });
    expect((await rejection(kit.services.duplicates.similar(a.rep, 'x'.repeat(201)))).details).toEqual({ field: 'name', reason: 'TOO_LONG' });
    expect((await rejection(kit.services.duplicates.similar(a.rep, 'abc', 21))).details).toEqual({ field: 'first', reason: 'OUT_OF_RANGE' });
  });

  it('finds customers by a contact’s name or phone number as well as by their own name, in the caller’s scope', async () => {
    const team = await kit.team('search');
    const token = team.teamId.slice(-10);
    const byName = await team.customer(`检索${token}公司`);
    const byContact = await team.customer(`另一家${token}`, team.rep, {
      contacts: [{ name: `联系人${token}`, role: ContactRole.DECISION_MAKER, phone: '+86 139-2468-1357' }],
    });
    const others = await team.customer(`第三家${token}`, team.otherRep, {
      contacts: [{ name: `联系人${token}`, role: ContactRole.EXECUTOR }],
    });
    const names = async (actor: typeof team.rep, search: string) =>
      (await kit.services.customers.list(actor, { search, teamId: team.teamId })).rows.map((c) => c.id).sort();
    expect(await names(team.rep, `检索${token}`)).toEqual([byName.id]);
    expect(await names(team.rep, `联系人${token}`)).toEqual([byContact.id]);
    expect(await names(team.manager, `联系人${token}`)).toEqual([byContact.id, others.id].sort());
    expect(await names(team.manager, '24681357')).toEqual([byContact.id]);
    expect(await names(team.manager, '139 2468')).toEqual([byContact.id]);
    expect(await names(team.rep, '139-2468-1357')).toEqual([byContact.id]);
    expect(await names(team.manager, '0000')).toEqual([]);
    // Marketing does not see phone numbers, so cannot find customers by them; contact names it may.
    expect(await names(team.marketing, '24681357')).toEqual([]);
    expect(await names(team.marketing, `联系人${token}`)).toEqual([byContact.id, others.id].sort());
    expect(await names(team.manager, '%')).toEqual([]);

    // The search follows changes of contacts and names.
    const [contact] = await kit.services.customers.contactsOf([byContact.id]);
    await kit.services.contacts.update(team.rep, contact!.id, { name: `新联系人${token}`, role: ContactRole.DECISION_MAKER, phone: '13911112222' });
    expect(await names(team.rep, `新联系人${token}`)).toEqual([byContact.id]);
    expect(await names(team.rep, '24681357')).toEqual([]);
    expect(await names(team.rep, '1111 2222')).toEqual([byContact.id]);
    const added = await kit.services.contacts.add(team.rep, byName.id, { name: `补充联系人${token}`, role: ContactRole.EXECUTOR });
    expect(await names(team.rep, `补充联系人${token}`)).toEqual([byName.id]);
    const extra = (await kit.services.customers.contactsOf([added.id])).find((c) => c.name === `补充联系人${token}`)!;
    await kit.services.contacts.remove(team.rep, extra.id);
    expect(await names(team.rep, `补充联系人${token}`)).toEqual([]);
    await kit.services.customers.update(team.rep, byName.id, 3, { name: `改名${token}公司` });
    expect(await names(team.rep, `改名${token}`)).toEqual([byName.id]);
    expect(await names(team.rep, `检索${token}`)).toEqual([]);
  });
});
