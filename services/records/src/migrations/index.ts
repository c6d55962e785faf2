import { Initial1732600000000 } from './1732600000000-initial';
import { RecordForm1732700000000 } from './1732700000000-record-form';
import { NeedPosition1732700000001 } from './1732700000001-need-position';
import { CustomerListIndexes1732700000002 } from './1732700000002-customer-list-indexes';
import { AccessLog1732800000000 } from './1732800000000-access-log';
import { EventPosition1733100000000 } from './1733100000000-event-position';
import { AppendOnlyHistory1733600000000 } from './1733600000000-append-only-history';
import { Directory1734000000000 } from './1734000000000-directory';
import { RecordRules1734100000000 } from './1734100000000-record-rules';
import { ArchiveCycle1734200000000 } from './1734200000000-archive-cycle';
import { OutboxContext1734500000000 } from './1734500000000-outbox-context';

/** Every migration of the records database, oldest first. */
export const recordsMigrations = [
  Initial1732600000000,
  RecordForm1732700000000,
  NeedPosition1732700000001,
  CustomerListIndexes1732700000002,
  AccessLog1732800000000,
  EventPosition1733100000000,
  AppendOnlyHistory1733600000000,
  Directory1734000000000,
  RecordRules1734100000000,
  ArchiveCycle1734200000000,
  OutboxContext1734500000000,
];
