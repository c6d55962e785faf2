import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import type { DirectoryScope } from '../common/access';
import { UserEntity } from './user.entity';

export const MAX_USER_PAGE = 100;
/** How many of a person's customers `holdings` lists by id (the count is exact). */
export const HOLDINGS_LISTED = 100;

export interface UserPageQuery {
  scope: DirectoryScope;
  selfId: string;
  teamId?: string | null;
  role?: string | null;
  active?: boolean | null;
  search?: string | null;
  first: number;
  after: { name: string; id: string } | null;
  withCount: boolean;
}

export interface HoldingsRow {
  customerCount: number;
  customerIds: string[];
  openNextActionCount: number;
  submittedReviewIds: string[];
  reviewIdsToDecide: string[];
}

const COLUMNS = `u.id, u.name, u.email, u.phone, u.locale, u.team_id AS "teamId", u.role, u.active, u.source,
  u.version, u.created_at AS "createdAt", u.updated_at AS "updatedAt", u.deactivated_at AS "deactivatedAt"`;

/** An id Postgres can store (no U+0000): any other is nobody's. */
export function storableId(id: string): boolean {
  return !id.includes('\u0000');
}

/** The SQL of the directory. */
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<UserEntity[]> {
    const wanted = [...new Set(ids)].filter(storableId);
    if (wanted.length === 0) return [];
    return manager.query(`SELECT ${COLUMNS} FROM directory_user u WHERE u.id = ANY($1)`, [wanted]);
  }

  async lock(manager: EntityManager, id: string): Promise<UserEntity | null> {
    if (!storableId(id)) return null;
    const rows: UserEntity[] = await manager.query(`SELECT ${COLUMNS} FROM directory_user u WHERE u.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async insert(manager: EntityManager, user: UserEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO directory_user (id, name, email, phone, locale, team_id, role, active, source, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [user.id, user.name, user.email, user.phone, user.locale, user.teamId, user.role, user.active, user.source, user.version, user.createdAt],
    );
    return rows.length > 0;
  }

  async update(manager: EntityManager, user: UserEntity): Promise<void> {
    await manager.query(
      `UPDATE directory_user SET name = $2, email = $3, phone = $4, locale = $5, team_id = $6, role = $7, active = $8,
         version = $9, updated_at = $10, deactivated_at = $11 WHERE id = $1`,
      [user.id, user.name, user.email, user.phone, user.locale, user.teamId, user.role, user.active, user.version, user.updatedAt, user.deactivatedAt],
    );
  }

  /**
   * Adds the people among `actors` the directory does not hold yet, from their verified claims (concurrent
   * first requests of one person insert them once). Returns the rows inserted now.
   */
  async insertFromClaims(manager: EntityManager, actors: readonly Actor[], now: Date): Promise<UserEntity[]> {
    const unique = [...new Map(actors.map((a) => [a.userId, a])).values()];
    if (unique.length === 0) return [];
    return manager.query(
      `INSERT INTO directory_user AS u (id, name, email, locale, team_id, role, active, source, version, created_at, updated_at)
       SELECT v.id, v.name, v.email, 'zh-CN', v.team_id, v.role, true, 'CLAIMS', 1, $6, $6
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS v(id, name, email, team_id, role)
       ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
      [
        unique.map((a) => a.userId),
        // A token without a name claim: the id stands in until an ADMIN names the person.
        unique.map((a) => a.name?.trim() || a.userId),
        unique.map((a) => a.email ?? null),
        unique.map((a) => a.teamId),
        unique.map((a) => a.role),
        now,
      ],
    );
  }

  /**
   * The after-sales people of a team, whom a customer reaching DEAL_SIGNING or AFTER_SALES is handed over
   * to: the active people with role AFTER_SALES of that team, and those of no team, who serve every team
   * (as records lets an after-sales person read those stages in any team).
   */
  async afterSalesPeople(manager: EntityManager, teamId: string): Promise<string[]> {
    if (!teamId || !storableId(teamId)) return [];
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM directory_user WHERE role = 'AFTER_SALES' AND active AND (team_id = $1 OR team_id IS NULL) ORDER BY id`,
      [teamId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The managers each of `teamIds` has: the team's manager (upsertTeam's managerId) unless the directory
   * says they have left, and the active SALES_MANAGER people of the team. A team with none is absent.
   */
  async teamManagers(manager: EntityManager, teamIds: readonly string[]): Promise<Map<string, string[]>> {
    const wanted = [...new Set(teamIds)].filter(storableId);
    const rows: Array<{ team_id: string; manager_id: string }> = wanted.length
      ? await manager.query(
          `SELECT t.id AS team_id, t.manager_id FROM team t LEFT JOIN directory_user m ON m.id = t.manager_id
           WHERE t.id = ANY($1) AND t.manager_id IS NOT NULL AND m.active IS NOT FALSE
           UNION
           SELECT u.team_id, u.id FROM directory_user u WHERE u.team_id = ANY($1) AND u.role = 'SALES_MANAGER' AND u.active
           ORDER BY 1, 2`,
          [wanted],
        )
      : [];
    const managers = new Map<string, string[]>();
    for (const r of rows) managers.set(r.team_id, [...(managers.get(r.team_id) ?? []), r.manager_id]);
    return managers;
  }

  async teamExists(manager: EntityManager, teamId: string): Promise<boolean> {
    if (!storableId(teamId)) return false;
    const rows: unknown[] = await manager.query(`SELECT 1 FROM team WHERE id = $1`, [teamId]);
    return rows.length > 0;
  }

  /** A page of people in the caller's scope, by name then id. */
  async page(q: UserPageQuery): Promise<{ rows: UserEntity[]; hasNextPage: boolean; totalCount: number }> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions: string[] = [];
    if (q.scope.kind === 'TEAM') conditions.push(`(u.team_id = ${param(q.scope.teamId)} OR u.id = ${param(q.selfId)})`);
    if (q.scope.kind === 'SELF') conditions.push(`u.id = ${param(q.selfId)}`);
    if (q.teamId) conditions.push(`u.team_id = ${param(q.teamId)}`);
    if (q.role) conditions.push(`u.role = ${param(q.role)}`);
    if (q.active !== undefined && q.active !== null) conditions.push(`u.active = ${param(q.active)}`);
    if (q.search?.trim()) {
      const term = `%${q.search.trim().replace(/[\\%_]/g, '\\$&')}%`;
      const p = param(term);
      conditions.push(`(u.name ILIKE ${p} ESCAPE '\\' OR u.id ILIKE ${p} ESCAPE '\\' OR u.email ILIKE ${p} ESCAPE '\\')`);
    }
    const where = conditions.length ? conditions.join(' AND ') : 'TRUE';
    const countParams = [...params];
    let pageWhere = where;
    if (q.after) pageWhere += ` AND (u.name, u.id) > (${param(q.after.name)}, ${param(q.after.id)})`;
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `SELECT ${COLUMNS} FROM directory_user u WHERE ${pageWhere} ORDER BY u.name, u.id LIMIT ${param(q.first + 1)}`,
        params,
      ) as Promise<UserEntity[]>,
      q.withCount
        ? (this.dataSource.query(`SELECT count(*)::int AS count FROM directory_user u WHERE ${where}`, countParams) as Promise<
            Array<{ count: number }>
          >)
        : null,
    ]);
    return { rows: rows.slice(0, q.first), hasNextPage: rows.length > q.first, totalCount: counted?.[0]?.count ?? 0 };
  }

  /** What a person holds in the workflow's projection of records, and the pending reviews they are part of. */
  async holdings(userId: string, manager: EntityManager = this.dataSource.manager): Promise<HoldingsRow> {
    const [row]: Array<{
      customer_count: number;
      customer_ids: string[] | null;
      open_actions: number;
      submitted: string[] | null;
      to_decide: string[] | null;
    }> = await manager.query(
      `SELECT
         (SELECT count(*)::int FROM wf_customer WHERE owner_id = $1) AS customer_count,
         (SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM wf_customer WHERE owner_id = $1 ORDER BY id LIMIT $2) c) AS customer_ids,
         (SELECT count(*)::int FROM wf_next_action WHERE owner_id = $1 AND status = 'OPEN') AS open_actions,
         (SELECT array_agg(id::text ORDER BY submitted_at, id) FROM review WHERE submitted_by = $1 AND status = 'PENDING') AS submitted,
         (SELECT array_agg(id::text ORDER BY submitted_at, id) FROM review WHERE reviewer_id = $1 AND status = 'PENDING') AS to_decide`,
      [userId, HOLDINGS_LISTED],
    );
    return {
      customerCount: row!.customer_count,
      customerIds: row!.customer_ids ?? [],
      openNextActionCount: row!.open_actions,
      submittedReviewIds: row!.submitted ?? [],
      reviewIdsToDecide: row!.to_decide ?? [],
    };
  }
}
