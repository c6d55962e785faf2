import type { DataSource } from 'typeorm';
import { BadInputError, ForbiddenError } from '@salestrail/platform';
import { actorOf, uniqueTeam, workflowTestDataSource } from '../test/harness';
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
    const bad = await teams.upsert(admin, { id, name: 'x', timezone: 'Mars/Olympus' }).catch((e) => e);
    expect(bad).toBeInstanceOf(BadInputError);
    expect(bad.details).toEqual({ field: 'timezone', reason: 'UNKNOWN_TIME_ZONE' });
    expect(await ds.query('SELECT 1 FROM team WHERE id = $1', [id])).toHaveLength(0);
    expect(await ds.query('SELECT 1 FROM outbox_event WHERE aggregate_id = $1', [id])).toHaveLength(0);
  });
});
