import { Initial1732600000000 } from './1732600000000-initial';

/** Every migration of the records database, oldest first. */
export const recordsMigrations = [Initial1732600000000];
