import type { DataSource } from 'typeorm';
import { ContactRole } from '../common/enums';
import { recordsTestDataSource } from '../test/harness';
import { eventsOf, footprint, rejection, seedKit } from '../test/seed';

describe('contacts (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  it('adds, changes and removes contacts, each bumping the version with its event', async () => {
    const team = await kit.team();
    const c = await team.customer();
    const s = kit.services.contacts;
    await s.add(team.rep, c.id, { name: '李工', role: ContactRole.TECHNICAL_EVALUATOR, phone: '+86 139-1234-5678', title: 'IT经理' }, 1);
    let contacts = await kit.services.customers.contactsOf([c.id]);
    expect(contacts.map((x) => x.name)).toEqual(['王总', '赵主管', '李工']);
    const li = contacts[2]!;
    await s.update(team.rep, li.id, { name: '李工', role: ContactRole.INFLUENCER, email: 'li@abc.example.com' }, 2);
    const removed = await s.remove(team.rep, contacts[1]!.id, 3);
    expect(removed.version).toBe(4);
    contacts = await kit.services.customers.contactsOf([c.id]);
    expect(contacts.map((x) => [x.name, x.role, x.email])).toEqual([
      ['王总', 'DECISION_MAKER', null],
      ['李工', 'INFLUENCER', 'li@abc.example.com'],
    ]);
    const events = (await eventsOf(ds, c.id)).slice(1);
    expect(events.map((e) => [e.type, e.version, e.payload.contactCount])).toEqual([
      ['contact.added', 2, 3],
      ['contact.updated', 3, 3],
      ['contact.removed', 4, 2],
    ]);
  });

  it('refuses bad details, a stale version, the last contact and outsiders, changing nothing', async () => {
    const team = await kit.team();
    const c = await team.customer();
    const [wang, zhao] = await kit.services.customers.contactsOf([c.id]);
    const s = kit.services.contacts;
    await s.remove(team.rep, zhao!.id);
    const before = await footprint(ds, c.id);
    expect((await rejection(s.add(team.rep, c.id, { name: '李工', role: ContactRole.OTHER, phone: '555' }))).details).toEqual({ field: 'contact.phone', reason: 'INVALID_PHONE' });
    expect((await rejection(s.update(team.rep, wang!.id, { name: '王总', role: ContactRole.DECISION_MAKER, email: 'x@' }))).details).toEqual({ field: 'contact.email', reason: 'INVALID_EMAIL' });
    expect((await rejection(s.add(team.rep, c.id, { name: '李工', role: ContactRole.OTHER }, 1))).details.reason).toBe('STALE_VERSION');
    expect(await rejection(s.remove(team.rep, wang!.id))).toMatchObject({ code: 'CONFLICT', details: { reason: 'LAST_CONTACT' } });
    expect((await rejection(s.add(team.otherRep, c.id, { name: '李工', role: ContactRole.OTHER }))).code).toBe('NOT_FOUND');
    expect((await rejection(s.add(team.afterSales, c.id, { name: '李工', role: ContactRole.OTHER }))).code).toBe('NOT_FOUND');
    expect((await rejection(s.remove(team.rep, 'nope'))).code).toBe('NOT_FOUND');
    expect(await footprint(ds, c.id)).toEqual(before);
  });
});
