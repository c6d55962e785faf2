import autocannon from 'autocannon';
import { summarize, type Budget, type LatencySummary } from './stats';

export interface HttpLoad {
  url: string;
  connections: number;
  budget: Budget;
  headers: Record<string, string>;
  /** A fixed body, or one built per request (different customers for the write path). */
  body: string | ((i: number) => string);
  /** Headers of request `i` on top of `headers` (a different user per dashboard page). */
  headersFor?: (i: number) => Record<string, string>;
}

export interface HttpLoadResult extends LatencySummary {
  non2xx: number;
  errors: number;
  /** What the failures were: `HTTP <status>` or the request error's code (a timeout is `ETIMEDOUT`). */
  failures: Record<string, number>;
}

/**
 * Drives an HTTP endpoint with autocannon (keep-alive connections, no pipelining) and keeps every
 * response time, so p95 is exact rather than autocannon's histogram buckets.
 */
export async function httpLoad(load: HttpLoad): Promise<HttpLoadResult> {
  const latencies: number[] = [];
  let i = 0;
  const makeBody = typeof load.body === 'string' ? null : load.body;
  const { headersFor } = load;
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const options: autocannon.Options = {
    url: load.url,
    connections: load.connections,
    pipelining: 1,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...load.headers },
    ...(load.budget.operations !== undefined ? { amount: load.budget.operations } : { duration: load.budget.seconds ?? 10 }),
    ...(makeBody || headersFor
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                i += 1;
                return {
                  ...req,
                  body: makeBody ? makeBody(i) : (load.body as string),
                  ...(headersFor ? { headers: { ...req.headers, ...headersFor(i) } } : {}),
                };
              },
            },
          ],
        }
      : { body: load.body as string }),
  };
  const instance = autocannon(options, (error, result) => (error ? fail(error) : finish(result)));
  const failures: Record<string, number> = {};
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (status < 200 || status > 299) failures[`HTTP ${status}`] = (failures[`HTTP ${status}`] ?? 0) + 1;
  });
  instance.on('reqError', (error: Error & { code?: string }) => {
    const key = error.code ?? error.message;
    failures[key] = (failures[key] ?? 0) + 1;
  });
  const started = Date.now();
  const result = await done;
  const seconds = result.duration || (Date.now() - started) / 1000;
  return { ...summarize(latencies, seconds), non2xx: result.non2xx, errors: result.errors, failures };
}
