import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { BadInputError, createLogger, ForbiddenError } from '@salestrail/platform';
import { createWorkflowContext } from '../context';
import { buildWorkflowSchema } from '../schema';
import { actorOf, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { TeamService } from './team.service';

describe('TeamService.upsert (real Postgres)', () => {
  let ds: DataSource;
  let teams: TeamService;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    teams = new TeamService(ds);
  });
  afterAll(() => ds.destroy());
  const admin = actorOf('ADMIN', 'admin-1', null);

  it('creates a team with the defaults, updates it, and records team.upserted each time', async () => {
    const id = uniqueTeam();
    const created = await teams.upsert(admin, { id, name: '华东销售一组', managerId: 'manager-1' });
    expect(created).toMatchObject({ timezone: 'Asia/Shanghai', workdayEnd: '18:00', version: 1 });
    const updated = await teams.upsert(admin, { id, name: '华东销售一组', managerId: 'manager-2', timezone: 'Europe/Berlin' });
    expect(updated).toMatchObject({ managerId: 'manager-2', timezone: 'Europe/Berlin', version: 2 });
    const events = await ds.query(`SELECT type, version FROM outbox_event WHERE aggregate_id = $1 ORDER BY position`, [id]);
    expect(events).toEqual([
      { type: 'team.upserted', version: 1 },
      { type: 'team.upserted', version: 2 },
    ]);
  });

  it('lets only an ADMIN manage teams and refuses an unknown time zone, changing nothing', async () => {
    const id = uniqueTeam();
    await expect(teams.upsert(actorOf('SALES_MANAGER', 'm', id), { id, name: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    for (const timezone of ['Mars/Olympus', '']) {
      const bad = await teams.upsert(admin, { id, name: 'x', timezone }).catch((e) => e);
      expect(bad).toBeInstanceOf(BadInputError);
      expect(bad.details).toEqual({ field: 'timezone', reason: 'UNKNOWN_TIME_ZONE' });
    }
    expect(await ds.query('SELECT 1 FROM team WHERE id = $1', [id])).toHaveLength(0);
    expect(await ds.query('SELECT 1 FROM outbox_event WHERE aggregate_id = $1', [id])).toHaveLength(0);
  });
});

describe('upsertTeam through the schema (real Postgres)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'upsert-team');
    schema = await buildWorkflowSchema();
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  const UPSERT = `mutation ($input: TeamInput!) {
    upsertTeam(input: $input) { id name managerId assistantId timezone workdayEnd dueSoonLeadMinutes }
  }`;
  const upsert = async (input: Record<string, unknown>) => {
    const actor = actorOf('ADMIN', 'admin-1', null);
    const contextValue = createWorkflowContext({ actor, requestId: 'test', logger: createLogger('test', 'silent') }, wf.module.services);
    const res = await graphql({ schema, source: UPSERT, variableValues: { input }, contextValue });
    expect(res.errors).toBeUndefined();
    return (res.data as { upsertTeam: Record<string, unknown> }).upsertTeam;
  };
  const stored = async (id: string) => {
    const [row] = await ds.query(
      `SELECT name, manager_id, assistant_id, timezone, workday_end, due_soon_lead_minutes, version FROM team WHERE id = $1`,
      [id],
    );
    const [event] = await ds.query(`SELECT payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY position DESC LIMIT 1`, [id]);
    return { row, event: event.payload };
  };

  it('keeps every field the input omits, clears a nullable one given as null, and puts one with a default back to it', async () => {
    const id = uniqueTeam();
    const full = { id, name: '华东销售一组', managerId: 'manager-1', assistantId: 'assistant-1', timezone: 'Europe/Berlin', workdayEnd: '17:30', dueSoonLeadMinutes: 60 };
    expect(await upsert(full)).toEqual(full);

    // Renaming alone changes the name only.
    const renamed = { ...full, name: '华东销售二组' };
    expect(await upsert({ id, name: '华东销售二组' })).toEqual(renamed);
    expect(await stored(id)).toEqual({
      row: { name: '华东销售二组', manager_id: 'manager-1', assistant_id: 'assistant-1', timezone: 'Europe/Berlin', workday_end: '17:30', due_soon_lead_minutes: 60, version: 2 },
      event: { teamId: id, name: '华东销售二组', managerId: 'manager-1', assistantId: 'assistant-1', timezone: 'Europe/Berlin', workdayEnd: '17:30' },
    });

    // Explicit null clears the manager and nothing else.
    expect(await upsert({ id, name: '华东销售二组', managerId: null })).toEqual({ ...renamed, managerId: null });
    // Null on a field with a default restores the default (Asia/Shanghai, 18:00, 120 minutes).
    expect(await upsert({ id, name: '华东销售二组', timezone: null, workdayEnd: null, dueSoonLeadMinutes: null })).toEqual({
      ...renamed,
      managerId: null,
      timezone: 'Asia/Shanghai',
      workdayEnd: '18:00',
      dueSoonLeadMinutes: 120,
    });
    expect((await stored(id)).row).toMatchObject({ assistant_id: 'assistant-1', manager_id: null, version: 4 });
  });

  it('gives a new team the defaults for what the input omits', async () => {
    const id = uniqueTeam();
    expect(await upsert({ id, name: '新组' })).toEqual({
      id,
      name: '新组',
      managerId: null,
      assistantId: null,
      timezone: 'Asia/Shanghai',
      workdayEnd: '18:00',
      dueSoonLeadMinutes: 120,
    });
  });
});
