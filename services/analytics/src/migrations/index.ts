import { Initial1732600000000 } from './1732600000000-initial';
import { ReadModel1732700000000 } from './1732700000000-read-model';
import { BiViews1732800000000 } from './1732800000000-bi-views';
import { ScopedIndexes1732900000000 } from './1732900000000-scoped-indexes';
import { ExportLog1733000000000 } from './1733000000000-export-log';
import { ReportRollups1733100000000 } from './1733100000000-report-rollups';
import { MedianHistograms1733200000000 } from './1733200000000-median-histograms';
import { OpenActionRollups1733300000000 } from './1733300000000-open-action-rollups';
import { MedianSorted1733400000000 } from './1733400000000-median-sorted';
import { FunnelPrevDay1733500000000 } from './1733500000000-funnel-prev-day';
import { AppendOnlyHistory1733600000000 } from './1733600000000-append-only-history';
import { FirstContacts1734100000000 } from './1734100000000-first-contacts';

/** Every migration of the analytics database, oldest first. */
export const analyticsMigrations = [Initial1732600000000, ReadModel1732700000000, BiViews1732800000000, ScopedIndexes1732900000000, ExportLog1733000000000, ReportRollups1733100000000, MedianHistograms1733200000000, OpenActionRollups1733300000000, MedianSorted1733400000000, FunnelPrevDay1733500000000, AppendOnlyHistory1733600000000, FirstContacts1734100000000];
