import { Logger, MemoryLogWriter } from '@graphql-hive/logger';
import { GraphQLError } from 'graphql';
import { REDACTED, redactingLogWriter } from './log-redaction';

describe('the gateway log writer', () => {
  function logger() {
    const memory = new MemoryLogWriter();
    return { memory, log: new Logger({ level: 'debug', writers: [redactingLogWriter(memory)] }) };
  }

  it('redacts a failed subgraph request body at any depth and keeps what says what failed', () => {
    const { memory, log } = logger();
    const body = JSON.stringify({ query: 'mutation($input:X!){createCustomer(input:$input){id}}', variables: { input: { phone: '+86 139-0000-0001' } } });
    const error = new GraphQLError('connect ECONNREFUSED 127.0.0.1:4001', {
      path: ['createCustomer'],
      extensions: { code: 'SUBREQUEST_HTTP_ERROR', serviceName: 'records', request: { method: 'POST', body }, response: { status: 502, body: { data: null } } },
    });
    log.child({ requestId: 'req-1' }).error(error);
    log.debug({ errors: [error] }, 'Done');

    expect(JSON.stringify(memory.logs)).not.toContain('139-0000-0001');
    expect(memory.logs[0]).toMatchObject({
      level: 'error',
      attrs: {
        requestId: 'req-1',
        message: 'connect ECONNREFUSED 127.0.0.1:4001',
        path: ['createCustomer'],
        extensions: { code: 'SUBREQUEST_HTTP_ERROR', serviceName: 'records', request: { method: 'POST', body: REDACTED }, response: { status: 502, body: REDACTED } },
      },
    });
    expect(memory.logs[1]).toMatchObject({ msg: 'Done', attrs: { errors: [{ extensions: { request: { body: REDACTED } } }] } });
  });

  it('redacts query text, variables, results and credentials in headers, whatever their case', () => {
    const { memory, log } = logger();
    log.debug({ query: '{ customer(id: "c-1") { name } }', variables: { name: 'Wang' }, data: { customer: { name: 'Wang' } } }, 'Start');
    log.debug({ url: 'http://records/graphql', headers: { Authorization: 'Bearer t', 'X-Salestrail-Identity': 'signed', 'x-request-id': 'req-2' } }, 'Request');

    expect(memory.logs.map((entry) => entry.attrs)).toEqual([
      { query: REDACTED, variables: REDACTED, data: REDACTED },
      { url: 'http://records/graphql', headers: { Authorization: REDACTED, 'X-Salestrail-Identity': REDACTED, 'x-request-id': 'req-2' } },
    ]);
  });
});
