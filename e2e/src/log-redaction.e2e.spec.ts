import { RecordingProxy, waitFor } from '@salestrail/testkit';
import { customerInput, devToken, TestSystem } from './system';

const CREATE = /* GraphQL */ `
  mutation CreateCustomerForLogs($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id name contacts { name phone } }
  }
`;

const UPSERT_TEAM = /* GraphQL */ `
  mutation UpsertTeamForLogs($input: TeamInput!) {
    upsertTeam(input: $input) { id name }
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
 * logs a failed subgraph request (unreachable, or answering 5xx) with the request it sent (operation and
 * variables), and at debug level every subgraph request's query, variables, fetch body and result; the
 * gateway's log writer redacts them.
 */
describe('logs without personal data', () => {
  let system: TestSystem;
  // workflow is reached through a proxy, which answers 502 once its target is taken away.
  let workflowProxy: RecordingProxy;
  beforeAll(async () => {
    workflowProxy = await RecordingProxy.start();
    system = await TestSystem.start('logpii', { LOG_LEVEL: 'debug', WORKFLOW_URL: `${workflowProxy.url}/graphql` });
    workflowProxy.target = new URL(`http://127.0.0.1:${system.ports.workflow}`);
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
    await workflowProxy?.stop();
  });

  it('logs a subgraph that answers 502 with its status and without the request it sent', async () => {
    const admin = await devToken('ADMIN', 'admin-logpii', null);
    const teamName = 'Logcheck Teamname Sigma';
    const target = workflowProxy.target;
    workflowProxy.target = null;
    try {
      const failed = await system.graphql(admin, UPSERT_TEAM, { input: { id: 'team-logpii-5xx', name: teamName } });
      expect(failed.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(workflowProxy.requests.at(-1)?.status).toBe(502);
    } finally {
      workflowProxy.target = target;
    }

    const failure = await waitFor(
      () => gatewayLog(system).find((entry) => entry.level === 'error' && extensionsOf(entry)?.serviceName === 'workflow'),
      { timeoutMs: 10_000, what: 'the 502 from workflow in the gateway log' },
    );
    expect(failure).toMatchObject({
      path: ['upsertTeam'],
      extensions: { serviceName: 'workflow', request: { method: 'POST', body: '[redacted]' }, response: { status: 502 } },
    });
    expect(system.output.join('').includes(teamName)).toBe(false);
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
    const done = gatewayLog(system).find(
      (entry) =>
        entry.msg === '[useSubgraphExecuteDebug] Done' &&
        (entry.errors as Array<Record<string, unknown>> | undefined)?.some((error) => extensionsOf(error)?.serviceName === 'records'),
    );
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
