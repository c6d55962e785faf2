import { waitFor } from '@salestrail/testkit';
import { customerInput, devToken, TestSystem } from './system';

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id name stage ownerId teamId version }
  }
`;
const PIPELINE = /* GraphQL */ `
  query Pipeline($filter: AnalyticsFilter) { pipeline(filter: $filter) { stage count } }
`;

describe('the running system, through the gateway', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start('skel');
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('shows a customer created through the gateway in the pipeline', async () => {
    const rep = await devToken('SALES_REP', 'rep-skel', 'team-skel');
    const created = await system.graphql<{ createCustomer: { id: string; stage: string; ownerId: string } }>(
      rep,
      CREATE,
      { input: customerInput('ABC公司') },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createCustomer).toMatchObject({ stage: 'LEAD_NURTURING', ownerId: 'rep-skel' });

    const counts = await waitFor(
      async () => {
        const res = await system.graphql<{ pipeline: Array<{ stage: string; count: number }> }>(rep, PIPELINE, {
          filter: { teamId: 'team-skel' },
        });
        const lead = res.data?.pipeline.find((s) => s.stage === 'LEAD_NURTURING');
        return lead?.count === 1 ? res.data!.pipeline : undefined;
      },
      { timeoutMs: 10_000, what: 'the customer in the pipeline' },
    );
    expect(counts.filter((s) => s.stage !== 'LEAD_NURTURING').every((s) => s.count === 0)).toBe(true);
  });

  it('refuses anonymous callers and direct calls to a subgraph port', async () => {
    const anonymous = await system.graphql(null, PIPELINE);
    expect(anonymous.data?.pipeline).toBeUndefined();
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    for (const port of [system.ports.records, system.ports.workflow, system.ports.analytics]) {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      expect(res.status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers bad input with a typed error and creates nothing', async () => {
    const rep = await devToken('SALES_REP', 'rep-bad', 'team-bad');
    const res = await system.graphql(rep, CREATE, { input: { ...customerInput('未来公司'), firstContactDate: '2999-01-01' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'firstContactDate', reason: 'FUTURE_DATE' });
    const list = await system.graphql<{ customers: { totalCount: number } }>(rep, '{ customers { totalCount } }');
    expect(list.data!.customers.totalCount).toBe(0);
  });
});

describe('event history for rebuilds', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start('history');
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('serves the records events in seq order to the services only', async () => {
    const { fetchEventHistory } = await import('@salestrail/platform');
    const { TEST_SERVICE_EVENTS_KEY } = await import('@salestrail/testkit');
    const rep = await devToken('SALES_REP', 'rep-h', 'team-h');
    for (const name of ['历史一号', '历史二号']) {
      const res = await system.graphql(rep, `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`, {
        i: { ...customerInput(name) },
      });
      expect(res.errors).toBeUndefined();
    }
    const base = `http://127.0.0.1:${system.ports.records}`;
    const events = await waitFor(async () => {
      const page = await fetchEventHistory('records', base, 0, 100, TEST_SERVICE_EVENTS_KEY);
      return page.length === 2 ? page : undefined;
    });
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(events.every((e) => e.type === 'customer.created')).toBe(true);
    expect((await fetchEventHistory('records', base, 1, 100, TEST_SERVICE_EVENTS_KEY)).map((e) => e.seq)).toEqual([2]);
    const anonymous = await fetch(`${base}/internal/events?afterSeq=0`);
    expect(anonymous.status).toBe(401);
  });
});

describe('live composition (development opt-in)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start('live', { GATEWAY_SUPERGRAPH: 'live' });
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('serves the supergraph composed at start from the subgraphs code', async () => {
    const rep = await devToken('SALES_REP', 'rep-live', 'team-live');
    const created = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('现场组合公司') });
    expect(created.errors).toBeUndefined();
    const read = await system.graphql<{ customer: { name: string; latestReview: null; interactionCount: number } }>(
      rep,
      `query($id: ID!) { customer(id: $id) { name latestReview { id } interactionCount } }`,
      { id: created.data!.createCustomer.id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.customer).toMatchObject({ name: '现场组合公司', latestReview: null });
  });
});
