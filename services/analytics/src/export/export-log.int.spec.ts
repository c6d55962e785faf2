import type { DataSource } from 'typeorm';
import { actorOf, tamperWith, testDatabaseUrl, uniqueTeam } from '@salestrail/testkit';
import { BadInputError } from '@salestrail/platform';
import { analyticsTestDataSource } from '../test/harness';
import { ExportLogService } from './export-log.service';

describe('the export log is append-only in the database (real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
  });
  afterAll(() => ds.destroy());

  it('refuses UPDATE, DELETE and TRUNCATE on export_log', async () => {
    const teamId = uniqueTeam();
    await new ExportLogService(ds).record(actorOf('SALES_MANAGER', `mgr-${teamId}`, teamId), 'funnel', { from: '2024-03-01' }, 12, 'req-1');
    expect(await tamperWith(testDatabaseUrl('analytics'), 'export_log', 'row_count', 'team_id = $1', [teamId])).toEqual({
      rows: 1,
      update: 'export_log is append-only',
      delete: 'export_log is append-only',
      truncate: 'export_log is append-only (TRUNCATE refused)',
      unchanged: true,
    });
  });

  it('pages the export log newest first by offset, by person and within a period', async () => {
    const teamId = uniqueTeam();
    const manager = actorOf('SALES_MANAGER', `mgr-${teamId}`, teamId);
    const admin = actorOf('ADMIN', 'admin-1', null);
    const service = new ExportLogService(ds);
    const before = new Date();
    for (const report of ['pipeline', 'conversion-funnel', 'follow-up-efficiency']) await service.record(manager, report, { teamId }, 3, null);
    const after = new Date(Date.now() + 1_000);
    const all = await service.list(admin, manager.userId, 10);
    expect(all.map((e) => e.report)).toEqual(['follow-up-efficiency', 'conversion-funnel', 'pipeline']);
    const first = await service.list(admin, manager.userId, 2, { offset: 0 });
    const second = await service.list(admin, manager.userId, 2, { offset: 2 });
    expect([...first, ...second].map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(second).toHaveLength(1);
    expect(await service.list(admin, manager.userId, 10, { from: before, to: after })).toHaveLength(3);
    expect(await service.list(admin, manager.userId, 10, { from: after })).toEqual([]);
    expect(await service.list(admin, manager.userId, 10, { to: before })).toEqual([]);

    const badOffset = await service.list(admin, null, 10, { offset: -1 }).catch((e: unknown) => e);
    expect(badOffset).toBeInstanceOf(BadInputError);
    expect((badOffset as BadInputError).details).toEqual({ field: 'offset', reason: 'OUT_OF_RANGE' });
    const emptyPeriod = await service.list(admin, null, 10, { from: after, to: before }).catch((e: unknown) => e);
    expect((emptyPeriod as BadInputError).details).toEqual({ field: 'to', reason: 'INVALID_RANGE' });
    await expect(service.list(manager, null, 10)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
