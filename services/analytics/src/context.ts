import type { BaseContext } from '@salestrail/platform';
import type { PipelineService } from './pipeline/pipeline.service';

export interface AnalyticsServices {
  pipeline: PipelineService;
}

export interface AnalyticsContext extends BaseContext {
  services: AnalyticsServices;
}
