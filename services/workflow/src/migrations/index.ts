import { Initial1732600000000 } from './1732600000000-initial';
import { Workflow1732700000000 } from './1732700000000-workflow';
import { EventPosition1733100000000 } from './1733100000000-event-position';
import { AppendOnlyHistory1733600000000 } from './1733600000000-append-only-history';
import { Directory1734000000000 } from './1734000000000-directory';
import { RecordRules1734100000000 } from './1734100000000-record-rules';
import { FridayCycle1734200000000 } from './1734200000000-friday-cycle';
import { OutboxContext1734500000000 } from './1734500000000-outbox-context';

/** Every migration of the workflow database, oldest first. */
export const workflowMigrations = [
  Initial1732600000000,
  Workflow1732700000000,
  EventPosition1733100000000,
  AppendOnlyHistory1733600000000,
  Directory1734000000000,
  RecordRules1734100000000,
  FridayCycle1734200000000,
  OutboxContext1734500000000,
];
