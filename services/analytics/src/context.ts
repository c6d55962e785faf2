import type DataLoader from 'dataloader';
import type { BaseContext } from '@salestrail/platform';
import type { CustomerFigures } from './customers/customer-figures.types';
import type { CustomerFiguresService } from './customers/customer-figures.service';
import type { ExportLogService } from './export/export-log.service';
import type { FollowUpService } from './follow-up/follow-up.service';
import type { FunnelService } from './funnel/funnel.service';
import type { PipelineService } from './pipeline/pipeline.service';

export interface AnalyticsServices {
  pipeline: PipelineService;
  funnel: FunnelService;
  followUp: FollowUpService;
  customerFigures: CustomerFiguresService;
  exportLog: ExportLogService;
}

export interface AnalyticsContext extends BaseContext {
  services: AnalyticsServices;
  loaders: { customerFigures: DataLoader<string, CustomerFigures> };
}
