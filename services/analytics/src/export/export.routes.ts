import type { Express, Request, Response } from 'express';
import { DomainError, IdentityCheckUnavailableError, identityCheckRefusal, type BaseContext, type Logger } from '@salestrail/platform';
import type { AnalyticsServices } from '../context';
import { csvFile, headerRow, parseCsvHeader } from './csv-header';
import { toCsv } from './csv';
import { parseExportParams, parseFilter } from './export.params';

const KEY_HEADER = ['owner_id', 'team_id', 'industry_code', 'source_channel'];

/**
 * CSV exports of the three reports (`GET /export/<report>.csv`), with the GraphQL arguments as query
 * parameters and the same gateway-verified identity and scope. The gateway proxies them to here. The
 * header row is written for people, in the requester's language (`locale`, zh-CN by default); scripts
 * that read columns by name ask for the machine keys (`header=keys`), which never change.
 */
export function mountCsvExports(
  app: Express,
  authenticate: (req: Request) => Promise<BaseContext>,
  services: AnalyticsServices,
  logger: Logger,
): void {
  const route = (
    path: string,
    produce: (ctx: BaseContext, req: Request) => Promise<{ name: string; csv: string; rows: number }>,
  ) => {
    app.get(path, async (req: Request, res: Response) => {
      try {
        const ctx = await authenticate(req);
        const { name, csv, rows } = await produce(ctx, req);
        const report = path.replace(/^\/export\/|\.csv$/g, '');
        await services.exportLog.record(ctx.actor, report, { ...req.query }, rows, ctx.requestId);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="${name}"`);
        res.setHeader('cache-control', 'no-store');
        res.send(csv);
      } catch (error) {
        if (error instanceof DomainError) {
          const status = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429 }[error.code];
          res.status(status).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
          return;
        }
        if (error instanceof IdentityCheckUnavailableError) {
          // The replay cache did not answer: refused (fail closed) before anything was read, to be sent again.
          const busy = identityCheckRefusal(error);
          res.status(busy.status).set(busy.headers).json(busy.body);
          return;
        }
        logger.error({ err: error }, 'csv export failed');
        res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      }
    });
  };

  route('/export/conversion-funnel.csv', async ({ actor }, req) => {
    const params = parseExportParams(req.query);
    const header = parseCsvHeader(req.query);
    const groups = await services.funnel.conversionFunnel(actor, params);
    const rows = groups.flatMap((g) =>
      g.stages.map((s) => [
        g.key.ownerId, g.key.teamId, g.key.industryCode, g.key.sourceChannel,
        s.stage, s.entered, s.advanced, s.terminated, s.conversionRate, s.medianDaysInStage, g.winRate,
      ]),
    );
    const keys = [...KEY_HEADER, 'stage', 'entered', 'advanced', 'terminated', 'conversion_rate', 'median_days_in_stage', 'win_rate'];
    return { name: `conversion-funnel_${params.from}_${params.to}.csv`, csv: csvFile(header, toCsv(headerRow(keys, header), rows)), rows: rows.length };
  });

  route('/export/follow-up-efficiency.csv', async ({ actor }, req) => {
    const params = parseExportParams(req.query);
    const header = parseCsvHeader(req.query);
    const groups = await services.followUp.followUpEfficiency(actor, params);
    const rows = groups.map((g) => [
      g.key.ownerId, g.key.teamId, g.key.industryCode, g.key.sourceChannel,
      g.interactionsLogged, g.loggedWithin24hRate, g.actionsDue, g.actionsCompletedOnTime, g.onTimeRate,
      g.medianHoursToComplete, g.openOverdue, g.firstContacts,
    ]);
    // Columns are only ever added at the end: scripts read them by position too.
    const keys = [...KEY_HEADER, 'interactions_logged', 'logged_within_24h_rate', 'actions_due',
      'actions_completed_on_time', 'on_time_rate', 'median_hours_to_complete', 'open_overdue', 'first_contacts'];
    return { name: `follow-up-efficiency_${params.from}_${params.to}.csv`, csv: csvFile(header, toCsv(headerRow(keys, header), rows)), rows: rows.length };
  });

  route('/export/pipeline.csv', async ({ actor }, req) => {
    const filter = parseFilter(req.query);
    const header = parseCsvHeader(req.query);
    const stages = await services.pipeline.pipeline(actor, filter);
    const csv = csvFile(header, toCsv(headerRow(['stage', 'count'], header), stages.map((s) => [s.stage, s.count])));
    return { name: 'pipeline.csv', csv, rows: stages.length };
  });
}
