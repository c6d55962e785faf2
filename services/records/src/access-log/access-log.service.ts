import type { DataSource, EntityManager } from 'typeorm';
import { BadInputError, ForbiddenError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { isUuid } from '../common/ids';

export const ACCESS_ACTIONS = ['CUSTOMER_READ', 'SNAPSHOT_READ', 'CUSTOMER_TRANSFERRED'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export interface AccessLogRow {
  id: string;
  at: Date;
  userId: string;
  role: string;
  teamId: string | null;
  action: AccessAction;
  customerId: string;
  /** The customer's name now (null if the record no longer exists). */
  customerName: string | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
}

export interface AccessLogFilter {
  customerId?: string | null;
  userId?: string | null;
  action?: AccessAction | null;
  from?: Date | null;
  to?: Date | null;
}

export const MAX_ACCESS_LOG_PAGE = 500;
/** How far back a page may start (newer filters narrow a longer log). */
export const MAX_LOG_OFFSET = 100_000;

/** Records who read or handed over which customer, and answers ADMIN's questions about it. */
export class AccessLogService {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends entries; pass the transaction's manager when the access is part of a change. */
  async record(
    actor: Actor,
    action: AccessAction,
    customerIds: readonly string[],
    options: { manager?: EntityManager; requestId?: string; detail?: Record<string, unknown> } = {},
  ): Promise<void> {
    if (customerIds.length === 0) return;
    const runner = options.manager ?? this.dataSource.manager;
    await runner.query(
      `INSERT INTO access_log (user_id, role, team_id, action, customer_id, request_id, detail)
       SELECT $1, $2, $3, $4, unnest($5::uuid[]), $6, $7`,
      [
        actor.userId,
        actor.role,
        actor.teamId,
        action,
        [...customerIds],
        options.requestId ?? null,
        options.detail ? JSON.stringify(options.detail) : null,
      ],
    );
  }

  async list(actor: Actor, filter: AccessLogFilter, first = 100, offset = 0): Promise<AccessLogRow[]> {
    if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN reads the access log');
    if (!Number.isInteger(first) || first < 1 || first > MAX_ACCESS_LOG_PAGE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 1 and ${MAX_ACCESS_LOG_PAGE}`);
    }
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_LOG_OFFSET) {
      throw new BadInputError('offset', 'OUT_OF_RANGE', `offset must be between 0 and ${MAX_LOG_OFFSET}`);
    }
    if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) {
      throw new BadInputError('filter.to', 'INVALID_RANGE', 'to must be after from');
    }
    if (filter.customerId && !isUuid(filter.customerId)) {
      throw new BadInputError('filter.customerId', 'INVALID_ID', 'Malformed customer id');
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.customerId) add('customer_id = ?', filter.customerId);
    if (filter.userId) add('user_id = ?', filter.userId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.from) add('at >= ?', filter.from);
    if (filter.to) add('at < ?', filter.to);
    params.push(first, offset);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT l.id, l.at, l.user_id, l.role, l.team_id, l.action, l.customer_id, c.name AS customer_name, l.request_id, l.detail
       FROM (SELECT * FROM access_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
             ORDER BY at DESC, id DESC LIMIT $${params.length - 1} OFFSET $${params.length}) l
       LEFT JOIN customer c ON c.id = l.customer_id
       ORDER BY l.at DESC, l.id DESC`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at as Date,
      userId: r.user_id as string,
      role: r.role as string,
      teamId: (r.team_id as string | null) ?? null,
      action: r.action as AccessAction,
      customerId: r.customer_id as string,
      customerName: (r.customer_name as string | null) ?? null,
      requestId: (r.request_id as string | null) ?? null,
      detail: (r.detail as Record<string, unknown> | null) ?? null,
    }));
  }
}
