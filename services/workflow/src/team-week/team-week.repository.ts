import type { DataSource } from 'typeorm';
import { DEFAULT_TIME_ZONE } from '@salestrail/platform';
import { changedSinceSql, coveredSql, sentBackSql, weekStartSql } from '../reviews/to-submit';

export type ReviewStateValue = 'NOT_SUBMITTED' | 'SUBMITTED' | 'APPROVED' | 'SENT_BACK';

export interface TeamRow {
  timezone: string;
  weekStart: Date;
  /** The team's manager and assistant as `upsertTeam` set them (null without a team row). */
  managerId: string | null;
  assistantId: string | null;
  /** The workflow has the team's row, a person of it or a customer of it. */
  known: boolean;
}

export interface ActionCounts {
  ownerId: string;
  open: number;
  overdue: number;
}

export interface ChangedRow {
  ownerId: string;
  customerId: string;
  customerName: string;
  changedAt: Date;
  reviewState: ReviewStateValue;
  changedCount: number;
  submittedCount: number;
}

/**
 * The SQL behind `teamWeek`: a handful of set-based queries over the whole team (projections of records'
 * customers, next actions and interactions, with reviews and the directory), never one per customer.
 */
export class TeamWeekRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The team's time zone and this week's Monday there; whether the workflow knows the team at all. */
  async team(teamId: string, now: Date): Promise<TeamRow> {
    const [row] = (await this.dataSource.query(
      `SELECT t.manager_id, t.assistant_id, coalesce(t.timezone, $3) AS timezone,
              ${weekStartSql('$2::timestamptz', 't.timezone')} AS week_start,
              (t.id IS NOT NULL
                OR EXISTS (SELECT 1 FROM directory_user u WHERE u.team_id = $1)
                OR EXISTS (SELECT 1 FROM wf_customer c WHERE c.team_id = $1)) AS known
         FROM (SELECT $1::text AS id) d LEFT JOIN team t ON t.id = d.id`,
      [teamId, now, DEFAULT_TIME_ZONE],
    )) as Array<{ manager_id: string | null; assistant_id: string | null; timezone: string; week_start: Date; known: boolean }>;
    return {
      timezone: row!.timezone,
      weekStart: row!.week_start,
      managerId: row!.manager_id,
      assistantId: row!.assistant_id,
      known: row!.known,
    };
  }

  /** Open next actions on the team's customers per owner, and how many are past their deadline at `now`. */
  async actions(teamId: string, now: Date): Promise<ActionCounts[]> {
    const rows = (await this.dataSource.query(
      `SELECT a.owner_id, count(*)::int AS open, (count(*) FILTER (WHERE a.due_at < $2))::int AS overdue
         FROM wf_next_action a JOIN wf_customer c ON c.id = a.customer_id
        WHERE c.team_id = $1 AND a.status = 'OPEN'
        GROUP BY a.owner_id`,
      [teamId, now],
    )) as Array<{ owner_id: string; open: number; overdue: number }>;
    return rows.map((r) => ({ ownerId: r.owner_id, open: r.open, overdue: r.overdue }));
  }

  /**
   * The team's records changed since `since`, per owner: the first `listed` of each (latest change first)
   * with the review state of their current version, and each owner's counts over all of them.
   */
  async changed(teamId: string, since: Date, listed: number): Promise<ChangedRow[]> {
    const rows = (await this.dataSource.query(
      `WITH changed AS (
         SELECT c.owner_id, c.id, c.name, c.last_changed_at,
                CASE WHEN ${sentBackSql()} THEN 'SENT_BACK'
                     WHEN ${coveredSql(['APPROVED'])} THEN 'APPROVED'
                     WHEN ${coveredSql()} THEN 'SUBMITTED'
                     ELSE 'NOT_SUBMITTED' END AS review_state
           FROM wf_customer c
          WHERE c.team_id = $1 AND ${changedSinceSql('$2::timestamptz')}
       ), ranked AS (
         SELECT changed.*,
                row_number() OVER (PARTITION BY owner_id ORDER BY last_changed_at DESC, id) AS n,
                (count(*) OVER (PARTITION BY owner_id))::int AS changed_count,
                (count(*) FILTER (WHERE review_state IN ('SUBMITTED', 'APPROVED')) OVER (PARTITION BY owner_id))::int AS submitted_count
           FROM changed
       )
       SELECT owner_id, id, name, last_changed_at, review_state, changed_count, submitted_count
         FROM ranked WHERE n <= $3
        ORDER BY owner_id, n`,
      [teamId, since, listed],
    )) as Array<{
      owner_id: string;
      id: string;
      name: string;
      last_changed_at: Date;
      review_state: ReviewStateValue;
      changed_count: number;
      submitted_count: number;
    }>;
    return rows.map((r) => ({
      ownerId: r.owner_id,
      customerId: r.id,
      customerName: r.name,
      changedAt: r.last_changed_at,
      reviewState: r.review_state,
      changedCount: r.changed_count,
      submittedCount: r.submitted_count,
    }));
  }

  /** Interactions on the team's customers logged since `since` more than 24 h after they happened, per author. */
  async loggedLate(teamId: string, since: Date): Promise<Array<{ authorId: string; count: number }>> {
    const rows = (await this.dataSource.query(
      `SELECT i.author_id, count(*)::int AS count
         FROM wf_interaction i JOIN wf_customer c ON c.id = i.customer_id
        WHERE c.team_id = $1 AND i.logged_late AND i.logged_at >= $2
        GROUP BY i.author_id`,
      [teamId, since],
    )) as Array<{ author_id: string; count: number }>;
    return rows.map((r) => ({ authorId: r.author_id, count: r.count }));
  }

  /** The team's active people, and who of `others` the directory holds, with their names (for the order). */
  async people(teamId: string, others: readonly string[]): Promise<Array<{ id: string; name: string; inTeam: boolean }>> {
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.name, (u.team_id = $1 AND u.active) AS in_team
         FROM directory_user u
        WHERE (u.team_id = $1 AND u.active) OR u.id = ANY($2::text[])`,
      [teamId, [...others]],
    )) as Array<{ id: string; name: string; in_team: boolean }>;
    return rows.map((r) => ({ id: r.id, name: r.name, inTeam: r.in_team }));
  }
}
