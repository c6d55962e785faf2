import { SOURCE_CHANNELS } from '@salestrail/contract';
import { BadInputError, parseCalendarDate } from '@salestrail/platform';
import { FunnelDimension, type FigureFilter } from '../common/dimensions';

export interface ExportParams {
  from: string;
  to: string;
  filter: FigureFilter;
  groupBy: FunnelDimension[];
}

type Query = Record<string, unknown>;

function text(query: Query, name: string, max: number): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new BadInputError(name, 'INVALID_VALUE', `${name} must be given once`);
  if (value.length > max) throw new BadInputError(name, 'TOO_LONG', `${name} is longer than ${max} characters`);
  return value;
}

function date(query: Query, name: 'from' | 'to'): string {
  const value = text(query, name, 10);
  if (value === undefined) throw new BadInputError(name, 'REQUIRED', `${name} is required (YYYY-MM-DD)`);
  try {
    return parseCalendarDate(value);
  } catch {
    throw new BadInputError(name, 'INVALID_DATE', `${name} must be a date YYYY-MM-DD`);
  }
}

/** The query string of a CSV export: the GraphQL arguments of the same report, groupBy comma-separated. */
export function parseFilter(query: Query): FigureFilter {
  const sourceChannel = text(query, 'sourceChannel', 32);
  if (sourceChannel !== undefined && !(SOURCE_CHANNELS as readonly string[]).includes(sourceChannel)) {
    throw new BadInputError('sourceChannel', 'INVALID_ENUM_VALUE', `sourceChannel must be one of ${SOURCE_CHANNELS.join(', ')}`);
  }
  return {
    teamId: text(query, 'teamId', 128),
    ownerId: text(query, 'ownerId', 128),
    industryCode: text(query, 'industryCode', 10),
    sourceChannel,
  };
}

export function parseExportParams(query: Query): ExportParams {
  const groupBy = (text(query, 'groupBy', 100) ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      if (!(d in FunnelDimension)) throw new BadInputError('groupBy', 'INVALID_ENUM_VALUE', `Unknown dimension ${d}`);
      return d as FunnelDimension;
    });
  return { from: date(query, 'from'), to: date(query, 'to'), filter: parseFilter(query), groupBy };
}
