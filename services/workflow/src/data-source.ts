import { createDataSource } from '@salestrail/platform';
import { workflowMigrations } from './migrations';
import { TeamEntity } from './teams/team.entity';

export function createWorkflowDataSource(url: string, poolSize?: number) {
  return createDataSource({
    url,
    entities: [TeamEntity],
    migrations: workflowMigrations,
    poolSize,
    applicationName: 'salestrail-workflow',
  });
}
