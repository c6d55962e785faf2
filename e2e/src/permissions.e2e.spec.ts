import type { Role } from '@salestrail/contract';
import { waitFor } from '@salestrail/testkit';
import { devToken, TestSystem, type GraphQLResponse } from './system';

/**
 * The permission matrix of docs/ACCESS.md, through the gateway: every role against every operation.
 * Each cell gets a world of its own (a team, its people and one customer owned by the team's rep), so
 * cells never see each other's data and a denied write can be checked to have changed nothing.
 */

const ROLE_KEYS = [
  'SALES_REP_OWN',
  'SALES_REP_OTHER',
  'SALES_MANAGER',
  'SALES_MANAGER_OTHER_TEAM',
  'TEAM_ASSISTANT',
  'MARKETING',
  'AFTER_SALES',
  'ADMIN',
] as const;
type RoleKey = (typeof ROLE_KEYS)[number];

/**
 * ALLOW: answered in full. MASKED: answered, but contact phone/email and remarks are null with a
 * FORBIDDEN error on each. NOT_FOUND: the customer does not exist for the caller. FORBIDDEN: refused.
 * HIDDEN: a list or figure answered without the world's customer in it (or refused outright).
 */
type Outcome = 'ALLOW' | 'MASKED' | 'NOT_FOUND' | 'FORBIDDEN' | 'HIDDEN';

interface World {
  n: number;
  team: string;
  otherTeam: string;
  users: Record<RoleKey, { id: string; role: Role; team: string | null }>;
  tokens: Record<RoleKey, string>;
  customerId: string;
  customerName: string;
  version: number;
}

interface Row {
  name: string;
  /** Supergraph coordinate(s) the row exercises. */
  ops: string[];
  expect: Partial<Record<RoleKey, Outcome>>;
  prepare?(w: World): Promise<void>;
  request(w: World, role: RoleKey): { query: string; variables?: Record<string, unknown> };
  judge(w: World, res: GraphQLResponse): Outcome | string;
  /** Asserted after a denied cell: nothing changed. */
  unchanged?(w: World, role: RoleKey): Promise<void>;
}

let system: TestSystem;
let worlds = 0;

const CUSTOMER_FIELDS = 'id name ownerId teamId stage remarks version contacts { name phone email }';
const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { ${CUSTOMER_FIELDS} } }`;
const CUSTOMER = `query ($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`;
const CUSTOMERS = `query ($filter: CustomerFilter) { customers(filter: $filter, first: 50) { totalCount edges { node { ${CUSTOMER_FIELDS} } } } }`;
const PIPELINE = `query ($filter: AnalyticsFilter) { pipeline(filter: $filter) { stage count } }`;
const UPSERT_TEAM = `mutation ($input: TeamInput!) { upsertTeam(input: $input) { id name managerId } }`;
const TEAMS = `{ teams { id name managerId } }`;
const INDUSTRIES = `{ industries { code name } }`;

function customerInput(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    kind: 'ENTERPRISE',
    industryCode: 'C34',
    sourceChannel: 'TRADE_SHOW',
    firstContactDate: '2024-03-15',
    remarks: '客户要求保密报价',
    contacts: [{ name: '王总', role: 'DECISION_MAKER', phone: '13800138000', email: 'wang@example.com' }],
    ...extra,
  };
}

async function newWorld(): Promise<World> {
  worlds += 1;
  const n = worlds;
  const team = `perm-t${n}`;
  const otherTeam = `perm-x${n}`;
  const users: World['users'] = {
    SALES_REP_OWN: { id: `rep-own-${n}`, role: 'SALES_REP', team },
    SALES_REP_OTHER: { id: `rep-other-${n}`, role: 'SALES_REP', team },
    SALES_MANAGER: { id: `mgr-${n}`, role: 'SALES_MANAGER', team },
    SALES_MANAGER_OTHER_TEAM: { id: `mgr-x-${n}`, role: 'SALES_MANAGER', team: otherTeam },
    TEAM_ASSISTANT: { id: `asst-${n}`, role: 'TEAM_ASSISTANT', team },
    MARKETING: { id: `mkt-${n}`, role: 'MARKETING', team: null },
    AFTER_SALES: { id: `as-${n}`, role: 'AFTER_SALES', team: null },
    ADMIN: { id: `admin-${n}`, role: 'ADMIN', team },
  };
  const tokens = {} as World['tokens'];
  for (const key of ROLE_KEYS) tokens[key] = await devToken(users[key].role, users[key].id, users[key].team);
  const customerName = `权限客户${n}有限公司`;
  const created = await system.graphql<{ createCustomer: { id: string; version: number } }>(tokens.SALES_REP_OWN, CREATE, {
    input: customerInput(customerName),
  });
  if (created.errors || !created.data) throw new Error(`fixture customer: ${JSON.stringify(created.errors)}`);
  return {
    n,
    team,
    otherTeam,
    users,
    tokens,
    customerId: created.data.createCustomer.id,
    customerName,
    version: created.data.createCustomer.version,
  };
}

type Codes = string[];
const codes = (res: GraphQLResponse): Codes => (res.errors ?? []).map((e) => String(e.extensions?.code));
const only = (res: GraphQLResponse, code: string) => codes(res).length > 0 && codes(res).every((c) => c === code);

interface CustomerView {
  id: string;
  remarks: string | null;
  contacts: Array<{ phone: string | null; email: string | null }>;
}

/** A customer in an answer: in full, or masked as MARKETING must see it (null fields, FORBIDDEN on each). */
function judgeCustomerView(c: CustomerView, res: GraphQLResponse): Outcome | string {
  const confidential = [c.remarks, ...c.contacts.flatMap((k) => [k.phone, k.email])];
  if (confidential.every((v) => v !== null) && !res.errors) return 'ALLOW';
  const fieldErrors = (res.errors ?? []).filter((e) => ['remarks', 'phone', 'email'].includes(String(e.path?.at(-1))));
  if (
    confidential.every((v) => v === null) &&
    fieldErrors.length === confidential.length &&
    only(res, 'FORBIDDEN')
  ) {
    return 'MASKED';
  }
  return `partly masked: ${JSON.stringify(c)} ${JSON.stringify(res.errors)}`;
}

function judgeSingle(field: string) {
  return (_w: World, res: GraphQLResponse): Outcome | string => {
    const value = (res.data as Record<string, CustomerView | null> | undefined)?.[field];
    if (value) return judgeCustomerView(value, res);
    if (only(res, 'NOT_FOUND')) return 'NOT_FOUND';
    if (only(res, 'FORBIDDEN')) return 'FORBIDDEN';
    return `unexpected answer ${JSON.stringify(res)}`;
  };
}

function judgeList(w: World, res: GraphQLResponse): Outcome | string {
  const list = (res.data as { customers?: { edges: Array<{ node: CustomerView }> } } | undefined)?.customers;
  if (!list) return only(res, 'FORBIDDEN') ? 'HIDDEN' : `unexpected answer ${JSON.stringify(res)}`;
  const mine = list.edges.map((e) => e.node).filter((c) => c.id === w.customerId);
  if (mine.length === 0) return res.errors ? `unexpected errors ${JSON.stringify(res.errors)}` : 'HIDDEN';
  return judgeCustomerView(mine[0]!, res);
}

function judgeMutation(field: string) {
  return (_w: World, res: GraphQLResponse): Outcome | string => {
    const value = (res.data as Record<string, unknown> | undefined)?.[field];
    if (value && !res.errors) return 'ALLOW';
    if (value) return `answered with errors ${JSON.stringify(res.errors)}`;
    if (only(res, 'FORBIDDEN')) return 'FORBIDDEN';
    if (only(res, 'NOT_FOUND')) return 'NOT_FOUND';
    return `unexpected answer ${JSON.stringify(res)}`;
  };
}

async function adminView(w: World) {
  const res = await system.graphql<{ customer: { version: number; ownerId: string; stage: string } }>(w.tokens.ADMIN, CUSTOMER, {
    id: w.customerId,
  });
  if (!res.data?.customer) throw new Error(`admin cannot read the fixture: ${JSON.stringify(res.errors)}`);
  return res.data.customer;
}

async function countByName(w: World, name: string): Promise<number> {
  const res = await system.graphql<{ customers: { totalCount: number } }>(w.tokens.ADMIN, CUSTOMERS, { filter: { search: name } });
  return res.data!.customers.totalCount;
}

/** The fixture customer's place in the analytics projection (fed asynchronously by events). */
async function projected(w: World): Promise<void> {
  await waitFor(
    async () => {
      const res = await system.graphql<{ pipeline: Array<{ count: number }> }>(w.tokens.ADMIN, PIPELINE, {
        filter: { teamId: w.team },
      });
      const total = res.data?.pipeline.reduce((s, p) => s + p.count, 0);
      return total === 1 ? true : undefined;
    },
    { timeoutMs: 15_000, what: 'the fixture customer in the pipeline' },
  );
}

const READERS_OF_THE_TEAM: Partial<Record<RoleKey, Outcome>> = {
  SALES_REP_OWN: 'ALLOW',
  SALES_REP_OTHER: 'NOT_FOUND',
  SALES_MANAGER: 'ALLOW',
  SALES_MANAGER_OTHER_TEAM: 'NOT_FOUND',
  TEAM_ASSISTANT: 'ALLOW',
  MARKETING: 'MASKED',
  AFTER_SALES: 'NOT_FOUND',
  ADMIN: 'ALLOW',
};
const listed = (single: Partial<Record<RoleKey, Outcome>>) =>
  Object.fromEntries(Object.entries(single).map(([k, v]) => [k, v === 'NOT_FOUND' ? 'HIDDEN' : v])) as Partial<
    Record<RoleKey, Outcome>
  >;

const ROWS: Row[] = [
  {
    name: 'createCustomer for oneself',
    ops: ['Mutation.createCustomer'],
    expect: {
      SALES_REP_OWN: 'ALLOW',
      SALES_REP_OTHER: 'ALLOW',
      SALES_MANAGER: 'ALLOW',
      SALES_MANAGER_OTHER_TEAM: 'ALLOW',
      TEAM_ASSISTANT: 'FORBIDDEN',
      MARKETING: 'FORBIDDEN',
      AFTER_SALES: 'FORBIDDEN',
      ADMIN: 'ALLOW',
    },
    request: (w, role) => ({ query: CREATE, variables: { input: customerInput(`新客户${w.n}${role}`) } }),
    judge: judgeMutation('createCustomer'),
    unchanged: async (w, role) => expect(await countByName(w, `新客户${w.n}${role}`)).toBe(0),
  },
  {
    name: 'createCustomer for the rep who owns the world customer',
    ops: ['Mutation.createCustomer'],
    expect: { SALES_REP_OWN: 'ALLOW', SALES_REP_OTHER: 'FORBIDDEN', SALES_MANAGER: 'ALLOW', ADMIN: 'ALLOW' },
    request: (w, role) => ({
      query: CREATE,
      variables: { input: customerInput(`代建客户${w.n}${role}`, { ownerId: w.users.SALES_REP_OWN.id }) },
    }),
    judge: judgeMutation('createCustomer'),
    unchanged: async (w, role) => expect(await countByName(w, `代建客户${w.n}${role}`)).toBe(0),
  },
  {
    name: 'customer(id)',
    ops: ['Query.customer', 'Customer.contacts', 'Customer.remarks'],
    expect: READERS_OF_THE_TEAM,
    request: (w) => ({ query: CUSTOMER, variables: { id: w.customerId } }),
    judge: judgeSingle('customer'),
  },
  {
    name: 'customers filtered by the team',
    ops: ['Query.customers'],
    expect: listed(READERS_OF_THE_TEAM),
    request: (w) => ({ query: CUSTOMERS, variables: { filter: { teamId: w.team } } }),
    judge: judgeList,
  },
  {
    name: 'customers search by name',
    ops: ['Query.customers'],
    expect: listed(READERS_OF_THE_TEAM),
    request: (w) => ({ query: CUSTOMERS, variables: { filter: { search: w.customerName } } }),
    judge: judgeList,
  },
  {
    name: 'customers filtered by owner',
    ops: ['Query.customers'],
    expect: listed(READERS_OF_THE_TEAM),
    request: (w) => ({ query: CUSTOMERS, variables: { filter: { ownerId: w.users.SALES_REP_OWN.id } } }),
    judge: judgeList,
  },
  {
    name: 'pipeline of the team',
    ops: ['Query.pipeline'],
    expect: {
      SALES_REP_OWN: 'ALLOW',
      SALES_REP_OTHER: 'HIDDEN',
      SALES_MANAGER: 'ALLOW',
      SALES_MANAGER_OTHER_TEAM: 'HIDDEN',
      TEAM_ASSISTANT: 'ALLOW',
      MARKETING: 'ALLOW',
      AFTER_SALES: 'HIDDEN',
      ADMIN: 'ALLOW',
    },
    prepare: projected,
    request: (w) => ({ query: PIPELINE, variables: { filter: { teamId: w.team } } }),
    judge: (_w, res) => {
      const stages = (res.data as { pipeline?: Array<{ count: number }> } | undefined)?.pipeline;
      if (!stages) return only(res, 'FORBIDDEN') ? 'HIDDEN' : `unexpected answer ${JSON.stringify(res)}`;
      const total = stages.reduce((s, p) => s + p.count, 0);
      if (res.errors) return `unexpected errors ${JSON.stringify(res.errors)}`;
      return total === 1 ? 'ALLOW' : total === 0 ? 'HIDDEN' : `counted ${total}`;
    },
  },
  {
    name: 'upsertTeam',
    ops: ['Mutation.upsertTeam'],
    expect: {
      SALES_REP_OWN: 'FORBIDDEN',
      SALES_REP_OTHER: 'FORBIDDEN',
      SALES_MANAGER: 'FORBIDDEN',
      SALES_MANAGER_OTHER_TEAM: 'FORBIDDEN',
      TEAM_ASSISTANT: 'FORBIDDEN',
      MARKETING: 'FORBIDDEN',
      AFTER_SALES: 'FORBIDDEN',
      ADMIN: 'ALLOW',
    },
    request: (w, role) => ({
      query: UPSERT_TEAM,
      variables: { input: { id: w.team, name: `改名-${role}`, managerId: w.users[role].id } },
    }),
    judge: judgeMutation('upsertTeam'),
    unchanged: async (w) => {
      const res = await system.graphql<{ teams: Array<{ id: string }> }>(w.tokens.ADMIN, TEAMS);
      expect(res.data!.teams.some((t) => t.id === w.team)).toBe(false);
    },
  },
  {
    name: 'industries (reference data)',
    ops: ['Query.industries'],
    expect: Object.fromEntries(ROLE_KEYS.map((k) => [k, 'ALLOW'])) as Record<RoleKey, Outcome>,
    request: () => ({ query: INDUSTRIES }),
    judge: (_w, res) => {
      const list = (res.data as { industries?: unknown[] } | undefined)?.industries;
      if (list && list.length > 0 && !res.errors) return 'ALLOW';
      return only(res, 'FORBIDDEN') ? 'FORBIDDEN' : `unexpected answer ${JSON.stringify(res)}`;
    },
  },
];

describe('permission matrix through the gateway', () => {
  beforeAll(async () => {
    system = await TestSystem.start('perm');
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  describe.each(ROWS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const cells = ROLE_KEYS.filter((k) => row.expect[k] !== undefined).map((k) => [k, row.expect[k]!] as const);
    it.each(cells)('%s: %s', async (role, expected) => {
      const w = await newWorld();
      await row.prepare?.(w);
      const before = await adminView(w);
      const { query, variables } = row.request(w, role);
      const res = await system.graphql(w.tokens[role], query, variables);
      expect(row.judge(w, res)).toBe(expected);
      if (expected !== 'ALLOW' && expected !== 'MASKED') {
        await row.unchanged?.(w, role);
        expect(await adminView(w)).toEqual(before);
      }
    });
  });

  it.each(ROWS.map((row) => [row.name, row] as const))(
    'refuses %s sent straight to any subgraph port, even with a user token',
    async (_name, row) => {
      const w = await newWorld();
      const before = await adminView(w);
      const body = JSON.stringify(row.request(w, 'ADMIN'));
      for (const port of [system.ports.records, system.ports.workflow, system.ports.analytics]) {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.ADMIN}` },
          body,
        });
        const answer = (await res.json()) as GraphQLResponse;
        expect(res.status).toBe(401);
        expect(answer.data ?? null).toBeNull();
        expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
      }
      await row.unchanged?.(w, 'ADMIN');
      expect(await adminView(w)).toEqual(before);
    },
  );
});
