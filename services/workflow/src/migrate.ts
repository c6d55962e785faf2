import { migrationStepMain } from '@salestrail/platform';
import { loadWorkflowMigrateConfig } from './config';
import { createWorkflowDataSource } from './data-source';

/**
 * `node services/workflow/dist/migrate.js`: creates the workflow database when missing and applies pending
 * migrations, without serving (the release's migration step, e.g. a Kubernetes Job). `--wait` changes
 * nothing and returns once the schema is up to date (an init container before the service starts).
 */
void migrationStepMain('workflow', () => loadWorkflowMigrateConfig(), createWorkflowDataSource);
