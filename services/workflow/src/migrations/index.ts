import { Initial1732600000000 } from './1732600000000-initial';

/** Every migration of the workflow database, oldest first. */
export const workflowMigrations = [Initial1732600000000];
