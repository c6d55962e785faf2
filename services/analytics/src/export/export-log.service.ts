import type { DataSource } from 'typeorm';
import { BadInputError, ForbiddenError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';

export interface ExportLogRow {
  id: string;
  at: Date;
  userId: string;
  role: string;
  teamId: string | null;
  report: string;
  params: Record<string, unknown>;
  rowCount: number;
  requestId: string | null;
}

export const MAX_EXPORT_LOG_PAGE = 500;
export const MAX_EXPORT_LOG_OFFSET = 100_000;

/** Records every CSV export (who, which report, with which parameters, how many rows) for ADMIN. */
export class ExportLogService {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    actor: Actor,
    report: string,
    params: Record<string, unknown>,
    rowCount: number,
    requestId: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO export_log (user_id, role, team_id, report, params, row_count, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [actor.userId, actor.role, actor.teamId, report, JSON.stringify(params), rowCount, requestId],
    );
  }

  async list(
    actor: Actor,
    userId: string | null | undefined,
    first = 100,
    range: { from?: Date | null; to?: Date | null; offset?: number | null } = {},
  ): Promise<ExportLogRow[]> {
    if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN reads the export log');
    if (!Number.isInteger(first) || first < 1 || first > MAX_EXPORT_LOG_PAGE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 1 and ${MAX_EXPORT_LOG_PAGE}`);
    }
    const offset = range.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_EXPORT_LOG_OFFSET) {
      throw new BadInputError('offset', 'OUT_OF_RANGE', `offset must be between 0 and ${MAX_EXPORT_LOG_OFFSET}`);
    }
    if (range.from && range.to && range.from.getTime() >= range.to.getTime()) {
      throw new BadInputError('to', 'INVALID_RANGE', 'to must be after from');
    }
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, at, user_id, role, team_id, report, params, row_count, request_id FROM export_log
       WHERE ($1::text IS NULL OR user_id = $1) AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
       ORDER BY at DESC, id DESC LIMIT $4 OFFSET $5`,
      [userId ?? null, range.from ?? null, range.to ?? null, first, offset],
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at as Date,
      userId: r.user_id as string,
      role: r.role as string,
      teamId: (r.team_id as string | null) ?? null,
      report: r.report as string,
      params: r.params as Record<string, unknown>,
      rowCount: r.row_count as number,
      requestId: (r.request_id as string | null) ?? null,
    }));
  }
}
