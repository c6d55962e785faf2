import { Initial1732600000000 } from './1732600000000-initial';
import { ReadModel1732700000000 } from './1732700000000-read-model';

/** Every migration of the analytics database, oldest first. */
export const analyticsMigrations = [Initial1732600000000, ReadModel1732700000000];
