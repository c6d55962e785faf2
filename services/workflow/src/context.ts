import type { BaseContext } from '@salestrail/platform';
import type { TeamService } from './teams/team.service';

export interface WorkflowServices {
  teams: TeamService;
}

export interface WorkflowContext extends BaseContext {
  services: WorkflowServices;
}
