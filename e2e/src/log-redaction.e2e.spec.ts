import { waitFor } from '@salestrail/testkit';
import { customerInput, devToken, TestSystem } from './system';

const CREATE = /* GraphQL */ `
  mutation CreateCustomerForLogs($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id name contacts { name phone } }
  }
`;

/** A customer whose name, contact and phone appear nowhere else, so any log line holding one is a leak. */
function distinctive(tag: string, phone: string) {
  return {
    customer: `Logcheck ${tag} Kunde`,
    contact: `Logcheck ${tag} Kontakt`,
    phone,
  };
}

/** The gateway's JSON log lines so far. */
function gatewayLog(system: TestSystem): Array<Record<string, unknown>> {
  return system.output
    .flatMap((chunk) => chunk.replace(/^\[[a-z-]+\] /, '').split('\n'))
    .filter((line) => line.startsWith('{') && line.includes('"service":"gateway"'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

function extensionsOf(entry: Record<string, unknown>): Record<string, unknown> | undefined {
  return entry.extensions as Record<string, unknown> | undefined;
}

/**
 * What the processes log about a customer's data: nothing, even at debug level. The gateway's runtime
 * logs a failed subgraph request with the request it sent (operation and variables), and at debug level
 * every subgraph request's query, variables, fetch body and result; the gateway's log writer redacts them.
 */
describe('logs without personal data', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start('logpii', { LOG_LEVEL: 'debug' });
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('logs a failed subgraph request without its body or variables, and a successful one without its result', async () => {
    const rep = await devToken('SALES_REP', 'rep-logpii', 'team-logpii');
    const saved = distinctive('Alpha', '+86 139-5555-2718');
    const ok = await system.graphql<{ createCustomer: { id: string; name: string } }>(rep, CREATE, {
      input: customerInput(saved.customer, { contacts: [{ name: saved.contact, role: 'DECISION_MAKER', phone: saved.phone }] }),
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.createCustomer.name).toBe(saved.customer);

    await system.kill('records');
    const lost = distinctive('Omega', '+86 139-7777-3141');
    const failed = await system.graphql(rep, CREATE, {
      input: customerInput(lost.customer, { contacts: [{ name: lost.contact, role: 'DECISION_MAKER', phone: lost.phone }] }),
    });
    expect(failed.data?.createCustomer ?? null).toBeNull();
    expect(failed.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');

    // The failure itself is logged, at error level, with the subgraph, the code and the cause.
    const failure = await waitFor(
      () => gatewayLog(system).find((entry) => entry.level === 'error' && extensionsOf(entry)?.serviceName === 'records'),
      { timeoutMs: 10_000, what: 'the failed subgraph request in the gateway log' },
    );
    expect(failure).toMatchObject({
      message: expect.stringContaining('ECONNREFUSED'),
      path: ['createCustomer'],
      extensions: { code: 'SUBREQUEST_HTTP_ERROR', serviceName: 'records', request: { method: 'POST', body: '[redacted]' } },
    });
    // Its debug line keeps the request id, the subgraph request's outcome, and nothing of what was sent.
    const done = gatewayLog(system).find((entry) => entry.msg === '[useSubgraphExecuteDebug] Done' && Array.isArray(entry.errors));
    expect(done).toMatchObject({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      errors: [{ extensions: { code: 'SUBREQUEST_HTTP_ERROR', serviceName: 'records', request: { body: '[redacted]' } } }],
    });

    const output = system.output.join('');
    for (const value of [saved.customer, saved.contact, saved.phone, lost.customer, lost.contact, lost.phone]) {
      expect({ value, logged: output.includes(value) }).toEqual({ value, logged: false });
    }
  });
});
