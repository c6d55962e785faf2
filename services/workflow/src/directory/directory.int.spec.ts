import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '@salestrail/contract';
import { Seed, actorOf, addPeople, recordsEvent, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

describe('the directory of people (real Postgres)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  const admin = actorOf('ADMIN', 'admin-1', null);
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'directory');
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  const directory = () => wf.module.services.directory;
  const row = async (id: string) => (await ds.query(`SELECT * FROM directory_user WHERE id = $1`, [id]))[0];
  const events = (id: string) =>
    ds.query(`SELECT type, version, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY position`, [id]) as Promise<
      Array<{ type: string; version: number; payload: Record<string, unknown> }>
    >;
  /** Everything a refused change must leave as it was. */
  const footprint = async (id: string) => ({ row: await row(id), events: await events(id) });
  const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: { code: string; details: unknown }) => e);

  async function team(managerId: string | null = null) {
    const id = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id, name: '华东销售组', managerId });
    return id;
  }

  it('adds a person from their verified claims the first time they call, once, and keeps what an ADMIN sets later', async () => {
    const teamId = uniqueTeam();
    const id = `rep-first-${teamId}`;
    const actor = { ...actorOf('SALES_REP', id, teamId), name: '李明', email: 'liming@example.com' };
    await Promise.all([directory().ensureKnown(actor), directory().ensureKnown(actor), directory().ensureKnown(actor)]);
    expect(await row(id)).toMatchObject({ name: '李明', email: 'liming@example.com', team_id: teamId, role: 'SALES_REP', active: true, locale: 'zh-CN', source: 'CLAIMS', version: 1 });
    expect(await events(id)).toEqual([
      {
        type: 'user.created',
        version: 1,
        payload: { userId: id, name: '李明', email: 'liming@example.com', phone: null, locale: 'zh-CN', teamId, role: 'SALES_REP', active: true, source: 'CLAIMS' },
      },
    ]);
    await directory().update(admin, id, { name: '李明（华东）' });
    // A later token with other claims changes nothing: the directory is the ADMIN's from then on.
    const other = await testWorkflow(ds, 'directory-2');
    await other.module.services.directory.ensureKnown({ ...actor, name: '另一个名字' });
    await other.close();
    expect((await row(id)).name).toBe('李明（华东）');
    expect((await events(id)).map((e) => e.type)).toEqual(['user.created', 'user.updated']);
  });

  it('adds the people who caused records events, never the system itself', async () => {
    const teamId = uniqueTeam();
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: `rep-ev-${teamId}` });
    await seed.apply(
      recordsEvent(
        'customer.archived',
        { customerId, archiveCode: 'ABC公司_20240315', reviewId: customerId, archivedAt: new Date().toISOString() },
        { aggregateId: customerId, version: 2, teamId, actorId: SYSTEM_ACTOR.userId },
      ),
    );
    expect(await row(`rep-ev-${teamId}`)).toMatchObject({ role: 'SALES_REP', team_id: teamId, source: 'CLAIMS' });
    expect(await row(SYSTEM_ACTOR.userId)).toBeUndefined();
  });

  it('lets an ADMIN add a person, refusing bad input and anyone else, each refusal changing nothing', async () => {
    const teamId = await team();
    const id = `rep-add-${teamId}`;
    const input = { id, name: '李明', email: 'liming@example.com', phone: '+86 138-1234-5678', locale: 'en', teamId, role: 'SALES_REP' as const };
    const refusals: Array<[Promise<unknown>, Record<string, unknown>]> = [
      [directory().add(actorOf('SALES_MANAGER', 'm', teamId), input), { code: 'FORBIDDEN' }],
      [directory().add(admin, { ...input, email: 'not-an-address' }), { details: { field: 'email', reason: 'INVALID_EMAIL' } }],
      [directory().add(admin, { ...input, phone: 'call me' }), { details: { field: 'phone', reason: 'INVALID_PHONE' } }],
      [directory().add(admin, { ...input, locale: 'fr' }), { details: { field: 'locale', reason: 'UNSUPPORTED_LOCALE' } }],
      [directory().add(admin, { ...input, teamId: null }), { details: { field: 'teamId', reason: 'TEAM_REQUIRED' } }],
      [directory().add(admin, { ...input, teamId: 'team-nowhere' }), { details: { field: 'teamId', reason: 'UNKNOWN_TEAM' } }],
      [directory().add(admin, { ...input, name: '  ' }), { details: { field: 'name', reason: 'REQUIRED' } }],
      [directory().add(admin, { ...input, name: '李\u0000明' }), { details: { field: 'name', reason: 'INVALID_CHARACTER' } }],
      [directory().add(admin, { ...input, id: '../../etc/passwd' }), { details: { field: 'id', reason: 'INVALID_ID' } }],
    ];
    for (const [attempt, expected] of refusals) expect(await rejection(attempt)).toMatchObject(expected);
    expect(await footprint(id)).toEqual({ row: undefined, events: [] });

    const added = await directory().add(admin, input);
    expect(added).toMatchObject({ name: '李明', email: 'liming@example.com', locale: 'en', role: 'SALES_REP', active: true, version: 1 });
    expect((await events(id)).map((e) => [e.type, e.payload.source])).toEqual([['user.created', 'ADMIN']]);
    const before = await footprint(id);
    expect(await rejection(directory().add(admin, { ...input, name: '王五' }))).toMatchObject({ code: 'CONFLICT', details: { reason: 'USER_EXISTS' } });
    // Marketing and ADMIN need no team.
    await directory().add(admin, { id: `mkt-${teamId}`, name: '市场部刘敏', role: 'MARKETING' });
    expect(await footprint(id)).toEqual(before);
  });

  it('changes only what is given, clears with null, and saves nothing when nothing changed', async () => {
    const teamId = await team();
    const id = `rep-upd-${teamId}`;
    await directory().add(admin, { id, name: '李明', email: 'liming@example.com', phone: '13812345678', teamId, role: 'SALES_REP' });
    const updated = await directory().update(admin, id, { email: null, locale: 'en' });
    expect(updated).toMatchObject({ name: '李明', email: null, phone: '13812345678', locale: 'en', version: 2 });
    expect((await events(id)).at(-1)).toMatchObject({ type: 'user.updated', version: 2, payload: { changed: ['email', 'locale'], email: null } });
    const before = await footprint(id);
    expect(await directory().update(admin, id, { name: '李明', locale: 'en' })).toMatchObject({ version: 2 });
    expect(await rejection(directory().update(admin, id, { role: 'MARKETING', teamId: 'team-nowhere' }))).toMatchObject({
      details: { field: 'teamId', reason: 'UNKNOWN_TEAM' },
    });
    expect(await rejection(directory().update(actorOf('SALES_REP', id, teamId), id, { name: '我自己' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(directory().update(admin, `nobody-${teamId}`, { name: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await footprint(id)).toEqual(before);
  });

  it('deactivates a person listing what they still hold, once; reactivates them', async () => {
    const teamId = await team('mgr-d');
    const id = `rep-leave-${teamId}`;
    await directory().add(admin, { id, name: '李明', teamId, role: 'SALES_REP' });
    const seed = new Seed(ds, wf.module.eventHandler);
    const mine = await seed.customer({ teamId, ownerId: id, name: 'ABC公司' });
    const other = await seed.customer({ teamId, ownerId: `rep-stay-${teamId}`, name: 'DEF公司' });
    await seed.nextAction({ customerId: mine, teamId, ownerId: id, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    await seed.nextAction({ customerId: other, teamId, ownerId: id, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    const [submitted] = await wf.module.services.reviews.submit(actorOf('SALES_REP', id, teamId), [mine], null);

    expect(await rejection(directory().deactivate(admin, 'admin-1', null, null))).toMatchObject({ details: { reason: 'CANNOT_DEACTIVATE_SELF' } });
    const done = await directory().deactivate(admin, id, null, '离职');
    expect(done.user).toMatchObject({ active: false, version: 2 });
    expect(done.holdings).toEqual({
      customerCount: 1,
      customerIds: [mine],
      openNextActionCount: 2,
      submittedReviewIds: [submitted!.id],
      reviewIdsToDecide: [],
    });
    expect(done.handOver).toBeNull();
    expect((await events(id)).at(-1)).toMatchObject({ type: 'user.deactivated', payload: { active: false, successorId: null, reason: '离职' } });
    const before = await footprint(id);
    await directory().deactivate(admin, id, null, null);
    expect(await footprint(id)).toEqual(before);

    expect(await directory().reactivate(admin, id)).toMatchObject({ active: true, deactivatedAt: null, version: 3 });
    expect((await events(id)).at(-1)).toMatchObject({ type: 'user.updated', payload: { active: true, changed: ['active'] } });
  });

  it('lists people by scope: team roles their team, marketing and ADMIN everyone; with search and pages', async () => {
    const teamId = await team();
    const otherTeam = await team();
    await addPeople(ds, [
      { id: `a-${teamId}`, name: `陈经理${teamId}`, role: 'SALES_MANAGER', teamId, email: `chen@${teamId}.example.com` },
      { id: `b-${teamId}`, name: `李明${teamId}`, teamId },
      { id: `c-${teamId}`, name: `王助理${teamId}`, role: 'TEAM_ASSISTANT', teamId, active: false },
      { id: `d-${teamId}`, name: `赵六${teamId}`, teamId: otherTeam },
    ]);
    const rep = actorOf('SALES_REP', `b-${teamId}`, teamId);
    const names = async (actor: typeof rep, filter: Record<string, unknown>) =>
      (await directory().list(actor, filter)).rows.map((r) => r.id);
    expect((await names(rep, { search: teamId })).sort()).toEqual([`a-${teamId}`, `b-${teamId}`, `c-${teamId}`]);
    expect(await rejection(directory().list(rep, { teamId: otherTeam }))).toMatchObject({ code: 'FORBIDDEN' });
    const marketing = actorOf('MARKETING', 'mkt-1', null);
    expect(await names(marketing, { search: teamId })).toHaveLength(4);
    expect(await names(marketing, { search: `chen@${teamId}` })).toEqual([`a-${teamId}`]);
    expect(await names(admin, { search: teamId, active: false })).toEqual([`c-${teamId}`]);
    expect(await names(admin, { teamId, role: 'SALES_MANAGER' })).toEqual([`a-${teamId}`]);
    // A team role without a team sees themself only.
    expect(await names(actorOf('SALES_REP', `d-${teamId}`, null), {})).toEqual([`d-${teamId}`]);

    const first = await directory().list(admin, { search: teamId }, 2);
    expect(first).toMatchObject({ hasNextPage: true, totalCount: 4 });
    const { encodeUserCursor } = await import('./directory.service');
    const rest = await directory().list(admin, { search: teamId }, 2, encodeUserCursor(first.rows.at(-1)!));
    expect([...first.rows, ...rest.rows].map((r) => r.id).sort()).toEqual([`a-${teamId}`, `b-${teamId}`, `c-${teamId}`, `d-${teamId}`]);
    expect(rest.hasNextPage).toBe(false);
    expect(await rejection(directory().list(admin, {}, 101))).toMatchObject({ details: { field: 'first', reason: 'OUT_OF_RANGE' } });
    expect(await rejection(directory().list(admin, {}, 10, 'garbage'))).toMatchObject({ details: { field: 'after', reason: 'INVALID_CURSOR' } });
    // Text Postgres cannot store is nobody (a lookup) or refused (a filter), never a server error.
    expect(await directory().byIds([`a\u0000${teamId}`])).toEqual([]);
    expect(await rejection(directory().list(admin, { teamId: 'a\u0000b' }))).toMatchObject({ details: { field: 'filter.teamId', reason: 'INVALID_CHARACTER' } });
    expect(await rejection(wf.module.services.handOvers.list(admin, { userId: 'a\u0000b' }))).toMatchObject({ details: { field: 'userId', reason: 'INVALID_ID' } });
  });

  it('shows contact details to those who may list the person, and holdings to themself, their manager and ADMIN', async () => {
    const teamId = uniqueTeam();
    const person = { id: `rep-v-${teamId}`, teamId };
    const see = (role: Parameters<typeof actorOf>[0], id: string, team: string | null) => directory().canSeeContactDetails(actorOf(role, id, team), person);
    expect([
      see('SALES_REP', person.id, teamId),
      see('SALES_REP', 'colleague', teamId),
      see('TEAM_ASSISTANT', 'asst', teamId),
      see('SALES_MANAGER', 'other-mgr', 'other-team'),
      see('MARKETING', 'mkt', null),
      see('AFTER_SALES', 'as', null),
      see('ADMIN', 'adm', null),
    ]).toEqual([true, true, true, false, true, true, true]);
    expect(await rejection(directory().holdings(actorOf('SALES_REP', 'colleague', teamId), person))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(directory().holdings(actorOf('SALES_MANAGER', 'other-mgr', 'other-team'), person))).toMatchObject({ code: 'FORBIDDEN' });
    await expect(directory().holdings(actorOf('SALES_MANAGER', 'mgr', teamId), person)).resolves.toMatchObject({ customerCount: 0 });
    await expect(directory().holdings(actorOf('SALES_REP', person.id, teamId), person)).resolves.toMatchObject({ customerCount: 0 });
  });
});
