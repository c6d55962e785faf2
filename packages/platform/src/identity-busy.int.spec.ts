import { buildSchema } from 'graphql';
import { Writable } from 'node:stream';
import { TEST_IDENTITY_ENV, TEST_IDENTITY_PRIVATE_KEY, freePort } from '@salestrail/testkit';
import { IDENTITY_HEADER, createIdentitySigner, requestOf } from './identity';
import { Lifecycle } from './lifecycle';
import { createLogger } from './logger';
import { startSubgraph } from './subgraph';

describe('a subgraph whose replay cache cannot be reached', () => {
  it('refuses a validly signed request with 503 SERVICE_BUSY and Retry-After, resolving nothing', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', 'info', new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString()), done()) }));
    const lifecycle = new Lifecycle(logger);
    let resolved = 0;
    const schema = buildSchema('type Query { ok: Boolean }');
    schema.getQueryType()!.getFields().ok!.resolve = () => {
      resolved += 1;
      return true;
    };
    const { url } = await startSubgraph({
      name: 'records',
      schema,
      port: 0,
      logger,
      lifecycle,
      // Nothing listens there: the replay cache's connection never becomes ready.
      identity: { ...TEST_IDENTITY_ENV, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, QUEUE_PREFIX: `busy${process.pid}` },
      context: (base) => base,
    });
    try {
      const body = JSON.stringify({ query: '{ ok }' });
      const identity = createIdentitySigner(TEST_IDENTITY_PRIVATE_KEY)({ userId: 'rep-1', role: 'SALES_REP', teamId: 'team-east' }, requestOf('records', 'POST', url, body));
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity }, body });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toEqual({
        errors: [{ message: 'The identity cannot be checked now: retry after 1 s', extensions: { code: 'RATE_LIMITED', reason: 'SERVICE_BUSY', retryAfter: 1 } }],
      });
      expect(resolved).toBe(0);
      expect(lines.some((l) => l.includes('request refused as busy'))).toBe(true);
    } finally {
      await lifecycle.shutdown('test');
    }
  }, 30_000);
});
