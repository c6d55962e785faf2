import {
  RecordingProxy,
  replayableHeaders,
  waitFor,
  type RecordedRequest,
  type TestSystem,
} from '@salestrail/testkit';
import type { FuzzCase } from './generate';

const SUBGRAPHS = ['records', 'workflow', 'analytics'] as const;
type Subgraph = (typeof SUBGRAPHS)[number];
const CATEGORY = 'replayed identities';
const CREATE = 'mutation Replay($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }';
const REPLAYED_CUSTOMER = {
  name: '重放攻击公司',
  kind: 'ENTERPRISE',
  industryCode: 'C34',
  sourceChannel: 'TRADE_SHOW',
  firstContactDate: '2024-03-15',
  contacts: [{ name: '王总', role: 'DECISION_MAKER' }],
};

/**
 * The "replayed identities" family: what the gateway and the services send the subgraphs is captured in
 * transit (a recording proxy in front of each subgraph) and replayed straight at the subgraph ports, as
 * is and turned to other uses. Every replay must be refused (401 UNAUTHENTICATED) and change nothing.
 */
export class ReplayedIdentities {
  private constructor(private readonly proxies: Record<Subgraph, RecordingProxy>) {}

  static async start(): Promise<ReplayedIdentities> {
    const proxies = {} as Record<Subgraph, RecordingProxy>;
    for (const name of SUBGRAPHS) proxies[name] = await RecordingProxy.start();
    return new ReplayedIdentities(proxies);
  }

  /** The system's settings that route the gateway's and the services' subgraph traffic through the proxies. */
  get env(): Record<string, string> {
    const { records, workflow, analytics } = this.proxies;
    return {
      RECORDS_URL: `${records.url}/graphql`,
      WORKFLOW_URL: `${workflow.url}/graphql`,
      ANALYTICS_URL: `${analytics.url}/graphql`,
      RECORDS_EVENTS_URL: records.url,
      WORKFLOW_EVENTS_URL: workflow.url,
    };
  }

  /** Points each proxy at its subgraph once the system listens. */
  aim(system: TestSystem): void {
    for (const name of SUBGRAPHS)
      this.proxies[name].target = new URL(`http://127.0.0.1:${system.ports[name]}`);
  }

  /**
   * Makes the system send what the family replays (a mutation and a query through the gateway, a CSV
   * export; the services read each other's event history by themselves), then builds the cases.
   */
  async cases(system: TestSystem, token: string): Promise<FuzzCase[]> {
    const created = await system.graphql(token, CREATE, { input: REPLAYED_CUSTOMER });
    if (created.errors)
      throw new Error(`replay family: the mutation to capture failed: ${JSON.stringify(created.errors)}`);
    await system.graphql(token, '{ customers { totalCount } }');
    const exported = await fetch(`http://127.0.0.1:${system.ports.gateway}/export/pipeline.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!exported.ok) throw new Error(`replay family: the export to capture failed: HTTP ${exported.status}`);

    const captured = await Promise.all([
      this.captured('records', 'a mutation', (r) => r.body.toString().includes(REPLAYED_CUSTOMER.name)),
      this.captured('records', 'a query', (r) => r.body.toString().includes('totalCount')),
      this.captured('analytics', 'a CSV export', (r) => r.url.startsWith('/export/')),
      this.captured('records', 'an event-history read', (r) => r.url.startsWith('/internal/events')),
      this.captured('workflow', 'an event-history read', (r) => r.url.startsWith('/internal/events')),
    ]);
    return captured.flatMap(({ at, what, request }) => this.replays(system, at, what, request));
  }

  async stop(): Promise<void> {
    for (const proxy of Object.values(this.proxies)) await proxy.stop();
  }

  private async captured(at: Subgraph, what: string, match: (r: RecordedRequest) => boolean) {
    const request = await waitFor(() => this.proxies[at].requests.find((r) => r.status === 200 && match(r)), {
      timeoutMs: 20_000,
      what: `${what} sent to ${at}`,
    });
    return { at, what, request };
  }

  private replays(system: TestSystem, at: Subgraph, what: string, captured: RecordedRequest): FuzzCase[] {
    const headers = replayableHeaders(captured);
    const base = (name: Subgraph) => `http://127.0.0.1:${system.ports[name]}`;
    const get = (name: Subgraph, query: string, variables?: object) => {
      const url = new URL('/graphql', base(name));
      url.searchParams.set('query', query);
      if (variables) url.searchParams.set('variables', JSON.stringify(variables));
      return url.href;
    };
    const replay = (
      name: string,
      req: Pick<FuzzCase, 'method' | 'url' | 'body'>,
      mutation = false,
    ): FuzzCase => ({
      category: CATEGORY,
      name: `${what} to ${at}, ${name}`,
      headers: { ...headers, 'apollo-require-preflight': 'true' },
      mutation,
      mustFail: true,
      expectStatus: 401,
      ...req,
    });
    const body = captured.body.length ? captured.body.toString() : undefined;
    const isMutation = /mutation/.test(captured.body.toString());
    // The other subgraphs that serve the same route: GraphQL everywhere, the event history at the producers.
    const serving = captured.url.startsWith('/graphql')
      ? SUBGRAPHS
      : captured.url.startsWith('/internal/events')
        ? (['records', 'workflow'] as const)
        : [];
    const others = serving.filter((n) => n !== at);
    return [
      replay(
        'sent again',
        { method: captured.method as FuzzCase['method'], url: `${base(at)}${captured.url}`, body },
        isMutation,
      ),
      ...others.map((n) =>
        replay(
          `sent to ${n}`,
          { method: captured.method as FuzzCase['method'], url: `${base(n)}${captured.url}`, body },
          isMutation,
        ),
      ),
      ...SUBGRAPHS.map((n) =>
        replay(`as a GET query to ${n}`, { method: 'GET', url: get(n, '{ __typename }') }),
      ),
      replay(
        `as a GET mutation to ${at}`,
        { method: 'GET', url: get(at, CREATE, { input: { ...REPLAYED_CUSTOMER, name: '重放GET公司' } }) },
        true,
      ),
      replay(
        `with another body to ${at}`,
        {
          method: 'POST',
          url: `${base(at)}/graphql`,
          body: JSON.stringify({
            query: CREATE,
            variables: { input: { ...REPLAYED_CUSTOMER, name: '重放POST公司' } },
          }),
        },
        true,
      ),
      replay('on the event history', {
        method: 'GET',
        url: `${base(at === 'workflow' ? 'workflow' : 'records')}/internal/events?afterSeq=0&limit=5`,
      }),
    ];
  }
}
