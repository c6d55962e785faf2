import { Writable } from 'node:stream';
import { buildSchema, GraphQLError } from 'graphql';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { TEST_IDENTITY_ENV, testDatabaseUrl, testRedisUrl } from '@salestrail/testkit';
import { Lifecycle } from './lifecycle';
import { createLogger, type Logger } from './logger';
import { formatSubgraphError, startSubgraph, type BaseContext, type SubgraphServerOptions } from './subgraph';
import { freshDatabase } from './test/fixtures';

const PHONE = '13812345678';
const REMARK = '客户私下透露预算只有四十万';

/** A logger whose JSON lines the test reads. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('test', 'info', stream) };
}

/** A subgraph with nothing but its health endpoints, the error handler and `routes`, logging to `logger`. */
function startBareSubgraph(logger: Logger, lifecycle: Lifecycle, routes?: SubgraphServerOptions<BaseContext>['routes']) {
  return startSubgraph({
    name: 'bare',
    schema: buildSchema('type Query { ok: Boolean }'),
    port: 0,
    logger,
    lifecycle,
    identity: { ...TEST_IDENTITY_ENV, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: `errlog${process.pid}` },
    context: (base) => base,
    routes,
  });
}

describe('logged errors and readiness keep row values and error texts out of reach (real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ({ ds } = await freshDatabase('errlog', [
      `CREATE TABLE logged_contact (id serial PRIMARY KEY, phone text NOT NULL UNIQUE, remarks text)`,
    ]));
    await ds.query(`INSERT INTO logged_contact (phone, remarks) VALUES ($1, $2)`, [PHONE, REMARK]);
  });
  afterAll(() => ds.destroy());

  const duplicateInsert = () => ds.query(`INSERT INTO logged_contact (phone, remarks) VALUES ($1, $2)`, [PHONE, REMARK]);

  it('logs a constraint failure without its parameters or detail, through request loggers and the error handler', async () => {
    const { lines, logger } = capturedLogger();
    const lifecycle = new Lifecycle(logger);
    const { port } = await startBareSubgraph(logger, lifecycle, (app) =>
      app.post('/boom', async (req, _res, next) => {
        try {
          await duplicateInsert();
        } catch (err) {
          req.log.error({ err }, 'insert failed'); // a request's own logger (pino-http's child)
          next(err); // the subgraph's error handler logs it again
        }
      }),
    );
    try {
      const res = await fetch(`http://127.0.0.1:${port}/boom`, { method: 'POST' });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({
        errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'BAD_REQUEST' } }],
      });
    } finally {
      await lifecycle.shutdown('test');
    }
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; err?: Record<string, unknown> }).filter((l) => l.err);
    // pino-http adds its own "request errored" line for the 500 (with an error of its own).
    expect(logged.map((l) => l.msg)).toEqual(['insert failed', 'request failed', 'request errored']);
    for (const { err } of logged.slice(0, 2)) {
      // What locates the failure stays…
      expect(err).toMatchObject({
        type: 'QueryFailedError',
        code: '23505',
        constraint: 'logged_contact_phone_key',
        table: 'logged_contact',
        query: 'INSERT INTO logged_contact (phone, remarks) VALUES ($1, $2)',
      });
      expect(err!.parameters).toBeUndefined();
      expect(err!.detail).toBeUndefined();
    }
    // …and the values of the row appear nowhere in the log.
    const all = lines.join('\n');
    expect(all).toContain('logged_contact_phone_key');
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain(REMARK);
  });

  it('masks the values a data exception quotes in its message and the literals of its statement', async () => {
    const { lines, logger } = capturedLogger();
    const error = await ds.query(`SELECT '${PHONE}'::uuid AS id`).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain(PHONE); // Postgres quotes the value it could not read
    const formatted = formatSubgraphError(logger)(
      { message: 'x', path: ['customer'] },
      new GraphQLError('x', { originalError: error as Error }),
    );
    expect(formatted).toEqual({ message: 'Internal server error', path: ['customer'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(lines).toHaveLength(1);
    const { err } = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    expect(err).toMatchObject({ code: '22P02', message: 'invalid input syntax for type uuid: "…"', query: `SELECT '…'::uuid AS id` });
    expect(lines[0]).not.toContain(PHONE);
  });

  it('answers /readyz with ready or not only, and logs why not', async () => {
    const { lines, logger } = capturedLogger();
    const lifecycle = new Lifecycle(logger);
    const absent = testDatabaseUrl('never_created');
    lifecycle.addReadinessCheck('postgres', async () => {
      const client = new Client({ connectionString: absent });
      try {
        await client.connect();
      } finally {
        await client.end().catch(() => undefined);
      }
    });
    const { port } = await startBareSubgraph(logger, lifecycle);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe(JSON.stringify({ status: 'not ready' }));
    } finally {
      await lifecycle.shutdown('test');
    }
    const database = new URL(absent).pathname.slice(1);
    const notReady = lines.map((line) => JSON.parse(line) as { msg: string; failures?: Record<string, string> }).find((l) => l.msg === 'not ready');
    expect(notReady?.failures).toEqual({ postgres: `database "${database}" does not exist` });
  });
});
