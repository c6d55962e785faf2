import { graphql, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createLogger, DomainError, ForbiddenError, toGraphQLError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { ManualClock } from '../common/clock';
import { createWorkflowContext } from '../context';
import { buildWorkflowSchema } from '../schema';
import { actorOf, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

const admin = actorOf('ADMIN', 'admin-1', null);

describe('team calendar: holidays and make-up working days (real Postgres)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  let schema: GraphQLSchema;
  const clock = new ManualClock(new Date('2026-09-29T02:00:00Z'));
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'calendar', { clock });
    schema = await buildWorkflowSchema();
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  const run = async (actor: Actor, source: string, variableValues: Record<string, unknown>) => {
    const contextValue = await createWorkflowContext({ actor, requestId: 'test', logger: createLogger('test', 'silent') }, wf.module.services);
    return graphql({ schema, source, variableValues, contextValue });
  };
  const SET = `mutation ($teamId: ID!, $days: [CalendarDayInput!]!) { setTeamCalendarDays(teamId: $teamId, days: $days) { date kind name } }`;
  const READ = `query ($teamId: ID!, $from: Date!, $to: Date!) { teamCalendar(teamId: $teamId, from: $from, to: $to) { date kind name } }`;
  const DEADLINE = `query ($date: Date) { teams { id weeklyDeadline(date: $date) } }`;
  const stored = (teamId: string) => ds.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM team_calendar_day WHERE team_id = $1 ORDER BY day`, [teamId]);

  it('lets an ADMIN set, replace and remove days, and moves the weekly deadline with them', async () => {
    const teamId = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id: teamId, name: '华东销售一组' });
    const deadline = async (date: string | null) => {
      const res = await run(admin, DEADLINE, { date });
      expect(res.errors).toBeUndefined();
      return (res.data as { teams: Array<{ id: string; weeklyDeadline: string | null }> }).teams.find((t) => t.id === teamId)!.weeklyDeadline;
    };
    // This week (clock: Tuesday 29 September 2026, Shanghai): Friday 18:00.
    expect(await deadline(null)).toBe('2026-10-02T10:00:00.000Z');

    const set = await run(admin, SET, {
      teamId,
      days: [
        { date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' },
        { date: '2026-10-02', kind: 'HOLIDAY', name: ' 国庆节 ' },
        { date: '2026-10-10', kind: 'WORKING_DAY', name: '国庆节调休' },
      ],
    });
    expect(set.errors).toBeUndefined();
    expect(set.data).toEqual({
      setTeamCalendarDays: [
        { date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' },
        { date: '2026-10-02', kind: 'HOLIDAY', name: '国庆节' },
        { date: '2026-10-10', kind: 'WORKING_DAY', name: '国庆节调休' },
      ],
    });
    expect(await deadline(null)).toBe('2026-09-30T10:00:00.000Z');
    expect(await deadline('2026-10-08')).toBe('2026-10-10T10:00:00.000Z');

    // Given again, a date is replaced; removed, it follows Monday–Friday again.
    await wf.module.services.calendar.setDays(admin, teamId, [{ date: '2026-10-02', kind: 'WORKING_DAY', name: null }]);
    expect(await deadline(null)).toBe('2026-10-02T10:00:00.000Z');
    expect(await wf.module.services.calendar.removeDays(admin, teamId, ['2026-10-10', '2026-10-11'])).toBe(1);
    expect(await deadline('2026-10-08')).toBe('2026-10-09T10:00:00.000Z');
    const read = await run(actorOf('SALES_REP', 'rep-1', teamId), READ, { teamId, from: '2026-09-01', to: '2026-10-31' });
    expect(read.data).toEqual({
      teamCalendar: [
        { date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' },
        { date: '2026-10-02', kind: 'WORKING_DAY', name: null },
      ],
    });
    // A week without a working day has no deadline.
    await wf.module.services.calendar.setDays(
      admin,
      teamId,
      ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09'].map((date) => ({ date, kind: 'HOLIDAY' as const })),
    );
    expect(await deadline('2026-10-05')).toBeNull();
  });

  it('refuses other roles, unknown teams, repeated dates and bad values with a field, changing nothing', async () => {
    const teamId = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T' });
    await wf.module.services.calendar.setDays(admin, teamId, [{ date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' }]);
    const before = await stored(teamId);
    // As the subgraph answers: a domain error becomes its code, field and reason.
    const extensions = (e: GraphQLError | undefined) =>
      e?.originalError instanceof DomainError ? toGraphQLError(e.originalError).extensions : e?.extensions;
    const error = async (actor: Actor, variables: Record<string, unknown>) => extensions((await run(actor, SET, variables)).errors?.[0]);
    const day = { date: '2026-10-10', kind: 'WORKING_DAY' };
    expect(await error(actorOf('SALES_MANAGER', 'manager-1', teamId), { teamId, days: [day] })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await error(admin, { teamId: 'no-such-team', days: [day] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'teamId', reason: 'UNKNOWN_TEAM' });
    expect(await error(admin, { teamId, days: [day, { ...day, kind: 'HOLIDAY' }] })).toMatchObject({ field: 'days.1.date', reason: 'DUPLICATE_DATE' });
    expect(await error(admin, { teamId, days: [] })).toMatchObject({ field: 'days', reason: 'REQUIRED' });
    expect(await error(admin, { teamId, days: [{ ...day, name: 'x\u0000' }] })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await error(admin, { teamId, days: [{ date: '2026-10-32', kind: 'HOLIDAY' }] })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DATE' });
    const tooLong = await run(admin, READ, { teamId, from: '2026-01-01', to: '2027-01-02' });
    expect(extensions(tooLong.errors?.[0])).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to', reason: 'OUT_OF_RANGE' });
    await expect(wf.module.services.calendar.removeDays(actorOf('TEAM_ASSISTANT', 'assistant-1', teamId), teamId, ['2026-10-01'])).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await stored(teamId)).toEqual(before);
  });
});
