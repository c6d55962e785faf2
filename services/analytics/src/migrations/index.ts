import { Initial1732600000000 } from './1732600000000-initial';

/** Every migration of the analytics database, oldest first. */
export const analyticsMigrations = [Initial1732600000000];
