import { migrationStepMain } from '@salestrail/platform';
import { loadRecordsMigrateConfig } from './config';
import { createRecordsDataSource } from './data-source';

/**
 * `node services/records/dist/migrate.js`: creates the records database when missing and applies pending
 * migrations, without serving (the release's migration step, e.g. a Kubernetes Job). `--wait` changes
 * nothing and returns once the schema is up to date (an init container before the service starts).
 */
void migrationStepMain('records', () => loadRecordsMigrateConfig(), createRecordsDataSource);
