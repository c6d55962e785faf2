import type { DataSource, EntityManager } from 'typeorm';

/** A customer of another team whose name folds to the same as this one's (撞单). */
export interface CrossTeamMatch {
  /** The customer the match is about. */
  of: string;
  customerId: string;
  teamId: string;
  ownerId: string;
  stage: string;
}

/** At most this many matches are named per customer (a name shared by more teams is rare and says enough). */
export const MAX_MATCHES = 20;

/** Customers of other teams with this folded name (index `customer_normalized_name`), oldest first. */
export async function crossTeamMatches(
  manager: EntityManager,
  normalizedName: string,
  teamId: string,
  exceptId: string | null = null,
): Promise<Array<{ customerId: string; teamId: string }>> {
  return manager.query(
    `SELECT id AS "customerId", team_id AS "teamId" FROM customer
     WHERE normalized_name = $1 AND team_id <> $2 AND id IS DISTINCT FROM $3::uuid
     ORDER BY created_at, id LIMIT ${MAX_MATCHES}`,
    [normalizedName, teamId, exceptId],
  );
}

/** The cross-team matches of several customers, in one query. */
export async function crossTeamMatchesOf(dataSource: DataSource, customerIds: readonly string[]): Promise<CrossTeamMatch[]> {
  if (customerIds.length === 0) return [];
  return dataSource.query(
    `SELECT c.id AS "of", m.id AS "customerId", m.team_id AS "teamId", m.owner_id AS "ownerId", m.stage
     FROM customer c
     CROSS JOIN LATERAL (
       SELECT d.id, d.team_id, d.owner_id, d.stage FROM customer d
       WHERE d.normalized_name = c.normalized_name AND d.team_id <> c.team_id
       ORDER BY d.created_at, d.id LIMIT ${MAX_MATCHES}
     ) m
     WHERE c.id = ANY($1::uuid[])`,
    [customerIds],
  );
}

/**
 * Customers whose folded name is like `folded` (pg_trgm: similarity above the extension's threshold,
 * or containing it), most similar first, within the caller's read scope (`scope`: a condition on `c`
 * with positional parameters from $4 on).
 */
export async function similarNames<T>(
  dataSource: DataSource,
  folded: string,
  first: number,
  columns: string,
  scope: { sql: string; params: unknown[] },
): Promise<Array<T & { similarity: number }>> {
  return dataSource.query(
    `SELECT ${columns}, similarity(c.normalized_name, $1) AS similarity FROM customer c
     WHERE (c.normalized_name % $1 OR c.normalized_name LIKE $2) AND ${scope.sql}
     ORDER BY similarity DESC, c.created_at DESC, c.id DESC LIMIT $3`,
    [folded, `%${likeEscape(folded)}%`, first, ...scope.params],
  );
}

/** Whether a customer of a team other than `teamId` (any team when null) has a name like `folded`. */
export async function similarNameElsewhere(dataSource: DataSource, folded: string, teamId: string | null): Promise<boolean> {
  const [row] = (await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM customer c WHERE (c.normalized_name % $1 OR c.normalized_name LIKE $2)
       AND c.team_id IS DISTINCT FROM $3) AS found`,
    [folded, `%${likeEscape(folded)}%`, teamId],
  )) as [{ found: boolean }];
  return row.found;
}

/** A text matched literally inside LIKE (its own %, _ and \ escaped; LIKE's default escape is \). */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
