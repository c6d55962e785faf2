import type { DataSource } from 'typeorm';
import { actorOf, tamperWith, testDatabaseUrl, uniqueTeam } from '@salestrail/testkit';
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
});
