import type { AnalyticsFilter, FunnelDimension } from '../../gql/graphql';
import type { Period } from './period';

export type Report = 'conversion-funnel' | 'follow-up-efficiency' | 'pipeline';

/** The gateway's CSV export address for a report, with the screen's own arguments and the reader's language. */
export function exportUrl(
  report: Report,
  args: {
    period?: Period;
    filter?: AnalyticsFilter | null;
    groupBy?: FunnelDimension | null;
    locale: string;
  },
): string {
  const query = new URLSearchParams();
  if (args.period) {
    query.set('from', args.period.from);
    query.set('to', args.period.to);
  }
  for (const [key, value] of Object.entries(args.filter ?? {}))
    if (typeof value === 'string' && value) query.set(key, value);
  if (args.groupBy) query.set('groupBy', args.groupBy);
  query.set('locale', args.locale);
  return `/export/${report}.csv?${query.toString()}`;
}

/**
 * Downloads an export: the export needs the Bearer token like the API (a plain link would carry none),
 * so it is fetched, and the file handed to the browser as a download under the server's file name.
 */
export async function downloadCsv(url: string, token: string | null | undefined): Promise<string> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: Array<{ message?: string }> } | null;
    throw new Error(body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? url.replace(/^\/export\/|\?.*$/g, '');
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: the download has its own copy by then.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
