import type { EntityManager } from 'typeorm';

/**
 * The after-sales people of a team: those a customer is handed over to when it reaches DEAL_SIGNING or
 * AFTER_SALES (SOURCE-FORM §4, "after-sales hand-over"). The one place workflow asks; today it answers
 * the users with role AFTER_SALES that workflow has seen acting for that team (the `team` claim of
 * their token: a request to workflow, such as reading their notifications, or a change they made), and
 * a directory of people can answer it instead once there is one.
 */
export async function afterSalesPeople(manager: EntityManager, teamId: string): Promise<string[]> {
  if (!teamId) return [];
  const rows: Array<{ user_id: string }> = await manager.query(
    `SELECT user_id FROM wf_seen_actor WHERE role = 'AFTER_SALES' AND team_id = $1 ORDER BY user_id`,
    [teamId],
  );
  return rows.map((r) => r.user_id);
}
