import type { DataSource } from 'typeorm';
import { STAGES, type Actor } from '@salestrail/contract';
import { figuresScope } from '../common/scope';
import type { FigureFilter } from '../common/dimensions';
import type { PipelineStage } from './pipeline.types';

/** Customers per current stage, now. Every stage is listed, with 0 where there are none. */
export class PipelineService {
  constructor(private readonly dataSource: DataSource) {}

  async pipeline(actor: Actor, filter: FigureFilter | undefined): Promise<PipelineStage[]> {
    const params: unknown[] = [];
    const conditions: string[] = ['t.stage IS NOT NULL'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter?.teamId) add('t.team_id = ?', filter.teamId);
    if (filter?.ownerId) add('t.owner_id = ?', filter.ownerId);
    if (filter?.industryCode) add('t.industry_code = ?', filter.industryCode);
    if (filter?.sourceChannel) add('t.source_channel = ?', filter.sourceChannel);
    const scope = figuresScope(actor, params.length);
    params.push(...scope.params);
    conditions.push(scope.sql);
    const rows: Array<{ stage: string; count: string }> = await this.dataSource.query(
      `SELECT t.stage, count(*) AS count FROM customer_state t WHERE ${conditions.join(' AND ')} GROUP BY t.stage`,
      params,
    );
    const counts = new Map(rows.map((r) => [r.stage, Number(r.count)]));
    return STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 }));
  }
}
