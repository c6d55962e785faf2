import type { DataSource } from 'typeorm';
import type { CustomerFigures } from './customer-figures.types';

interface FiguresRow {
  customer_id: string;
  stage_since: Date | null;
  interaction_count: number;
  last_interaction_at: Date | null;
  open_actions: number;
  overdue_actions: number;
}

/**
 * Per-customer figures for the federated Customer. Records already hides customers the caller may not
 * read, so the gateway only asks about visible ones; an id analytics has not heard of gets zeros.
 */
export class CustomerFiguresService {
  constructor(private readonly dataSource: DataSource) {}

  async figures(ids: readonly string[], now = new Date()): Promise<CustomerFigures[]> {
    const rows: FiguresRow[] = await this.dataSource.query(
      `SELECT c.id AS customer_id, cs.stage_since,
              (SELECT count(*)::int FROM interaction_fact i WHERE i.customer_id = c.id) AS interaction_count,
              (SELECT max(i.occurred_at) FROM interaction_fact i WHERE i.customer_id = c.id) AS last_interaction_at,
              (SELECT count(*)::int FROM next_action_fact a WHERE a.customer_id = c.id AND a.status = 'OPEN') AS open_actions,
              (SELECT count(*)::int FROM next_action_fact a WHERE a.customer_id = c.id AND a.status = 'OPEN'
                 AND a.due_at < $2) AS overdue_actions
       FROM unnest($1::text[]) AS c(id) LEFT JOIN customer_state cs ON cs.customer_id = c.id`,
      [ids, now.toISOString()],
    );
    const byId = new Map(rows.map((r) => [r.customer_id, r]));
    return ids.map((id) => {
      const r = byId.get(id);
      return {
        id,
        daysInCurrentStage: r?.stage_since ? (now.getTime() - r.stage_since.getTime()) / 86_400_000 : null,
        interactionCount: r?.interaction_count ?? 0,
        lastInteractionAt: r?.last_interaction_at ?? null,
        openNextActions: r?.open_actions ?? 0,
        overdueNextActions: r?.overdue_actions ?? 0,
      };
    });
  }
}
