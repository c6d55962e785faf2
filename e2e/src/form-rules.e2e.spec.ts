import { waitFor } from '@salestrail/testkit';
import { customerInput, devToken, TestSystem } from './system';

/*
 * The record rules the paper form implies, through the gateway and the real processes: a terminated
 * lead is not followed up, exactly one first contact, after-sales hand-over, typed scalar errors, four
 * industry levels, objective summaries and duplicates across teams.
 */

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }
`;
const LOG = /* GraphQL */ `
  mutation Log($input: LogInteractionInput!) { logInteraction(input: $input) { id isFirstContact nextAction { id } } }
`;
const CHANGE_STAGE = /* GraphQL */ `
  mutation Stage($id: ID!, $to: SalesStage!, $v: Int!, $reason: String) {
    changeStage(customerId: $id, to: $to, expectedVersion: $v, reason: $reason) { stage version }
  }
`;
const ACTIONS = /* GraphQL */ `
  query Actions($id: ID!) { customer(id: $id) { nextActions { id status cancelReason } } }
`;
const INTERACTIONS = /* GraphQL */ `
  query Interactions($id: ID!) { customer(id: $id) { interactions(first: 10) { edges { node { id occurredAt isFirstContact } } } } }
`;
const FOLLOW_UP = /* GraphQL */ `
  query FollowUp($from: Date!, $to: Date!, $filter: AnalyticsFilter) {
    followUpEfficiency(from: $from, to: $to, filter: $filter) { interactionsLogged firstContacts }
  }
`;
const NOTIFICATIONS = /* GraphQL */ `
  query Notifications { notifications { id kind title body customerId } }
`;

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  customerId: string | null;
}

function interactionInput(customerId: string, occurredAt: Date, dueAt: Date, extra: Record<string, unknown> = {}) {
  return {
    customerId,
    occurredAt: occurredAt.toISOString(),
    method: 'PHONE_CALL',
    summary: '客户希望交货周期缩短至7天；我方介绍了智能仓储系统；约定现场演示。',
    nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: dueAt.toISOString() },
    ...extra,
  };
}

describe('the form’s record rules, through the gateway', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start('rules');
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  async function ok<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await system.graphql<T>(token, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  }

  async function notificationsOf(token: string): Promise<Notification[]> {
    return (await ok<{ notifications: Notification[] }>(token, NOTIFICATIONS)).notifications;
  }

  it('cancels the next actions of a terminated lead, so no reminder fires for it, and reopening does not revive them', async () => {
    const rep = await devToken('SALES_REP', 'rep-term', 'team-term');
    const dead = (await ok<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('已拒绝公司') })).createCustomer.id;
    const live = (await ok<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('仍在跟进公司') })).createCustomer.id;
    const hourAgo = new Date(Date.now() - 3600_000);
    // The dead lead's action falls due first: had its overdue reminder survived, it would fire before the live one's.
    const deadDue = new Date(Date.now() + 5_000);
    await ok(rep, LOG, { input: interactionInput(dead, hourAgo, deadDue) });
    await ok(rep, LOG, { input: interactionInput(live, hourAgo, new Date(deadDue.getTime() + 2_000)) });

    const terminated = await ok<{ changeStage: { stage: string; version: number } }>(rep, CHANGE_STAGE, {
      id: dead,
      to: 'LEAD_TERMINATED',
      v: 2,
      reason: '客户明确拒绝',
    });
    expect(terminated.changeStage).toEqual({ stage: 'LEAD_TERMINATED', version: 3 });
    const { customer } = await ok<{ customer: { nextActions: Array<{ status: string; cancelReason: string }> } }>(rep, ACTIONS, { id: dead });
    expect(customer.nextActions).toEqual([
      expect.objectContaining({ status: 'CANCELLED', cancelReason: '线索终止 (lead terminated): 客户明确拒绝' }),
    ]);

    await waitFor(
      async () => (await notificationsOf(rep)).some((n) => n.kind === 'NEXT_ACTION_OVERDUE' && n.customerId === live),
      { timeoutMs: 30_000, intervalMs: 250, what: 'the live lead’s overdue reminder' },
    );
    expect((await notificationsOf(rep)).filter((n) => n.customerId === dead && n.kind !== 'NEXT_ACTION_DUE_SOON')).toEqual([]);

    await ok(rep, CHANGE_STAGE, { id: dead, to: 'NEEDS_CONFIRMED', v: 3 });
    const reopened = await ok<{ customer: { nextActions: Array<{ status: string }> } }>(rep, ACTIONS, { id: dead });
    expect(reopened.customer.nextActions.map((a) => a.status)).toEqual(['CANCELLED']);
  });

  it('keeps exactly one first contact, the earliest, when an earlier communication is logged later, and analytics agrees', async () => {
    const rep = await devToken('SALES_REP', 'rep-first', 'team-first');
    const id = (await ok<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('首次接触公司') })).createCustomer.id;
    const due = new Date('2024-04-30T10:00:00+08:00');
    const later = await ok<{ logInteraction: { id: string; isFirstContact: boolean } }>(rep, LOG, {
      input: interactionInput(id, new Date('2024-03-20T14:30:00+08:00'), due),
    });
    expect(later.logInteraction.isFirstContact).toBe(true);
    const earlier = await ok<{ logInteraction: { id: string; isFirstContact: boolean } }>(rep, LOG, {
      input: interactionInput(id, new Date('2024-03-15T10:00:00+08:00'), due),
    });
    expect(earlier.logInteraction.isFirstContact).toBe(true);
    const read = await ok<{ customer: { interactions: { edges: Array<{ node: { id: string; isFirstContact: boolean } }> } } }>(rep, INTERACTIONS, { id });
    expect(read.customer.interactions.edges.map((e) => [e.node.id, e.node.isFirstContact])).toEqual([
      [later.logInteraction.id, false],
      [earlier.logInteraction.id, true],
    ]);
    const figures = await waitFor(
      async () => {
        const res = await ok<{ followUpEfficiency: Array<{ interactionsLogged: number; firstContacts: number }> }>(rep, FOLLOW_UP, {
          from: '2024-03-01',
          to: '2024-03-31',
          filter: { teamId: 'team-first' },
        });
        return res.followUpEfficiency[0]?.interactionsLogged === 2 ? res.followUpEfficiency[0] : undefined;
      },
      { timeoutMs: 15_000, what: 'analytics to see both interactions' },
    );
    expect(figures).toEqual({ interactionsLogged: 2, firstContacts: 1 });
  });

  it('names the field and the reason of every malformed scalar, in variables and literals, and changes nothing', async () => {
    const rep = await devToken('SALES_REP', 'rep-scalar', 'team-scalar');
    const id = (await ok<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('格式公司') })).createCustomer.id;
    const base = interactionInput(id, new Date('2024-03-20T14:30:00+08:00'), new Date('2024-03-25T18:00:00+08:00'));
    const literal = (occurredAt: string, method: string, dueAt: string) => /* GraphQL */ `
      mutation { logInteraction(input: { customerId: "${id}", occurredAt: ${occurredAt}, method: ${method}, summary: "s",
        nextAction: { content: "发送产品详细参数表至客户邮箱", dueAt: ${dueAt} } }) { id } }`;
    const cases: Array<[string, string, Record<string, unknown> | undefined, string, string]> = [
      ['the form’s own time as written', LOG, { input: { ...base, occurredAt: '2024-03-20 14:30' } }, 'occurredAt', 'INVALID_DATE_TIME'],
      ['a deadline in words', LOG, { input: { ...base, nextAction: { ...base.nextAction, dueAt: 'tomorrow' } } }, 'nextAction.dueAt', 'INVALID_DATE_TIME'],
      ['an unknown method', LOG, { input: { ...base, method: 'FAX' } }, 'method', 'INVALID_ENUM_VALUE'],
      ['a literal time without offset', literal('"2024-03-20 14:30"', 'PHONE_CALL', '"2024-03-25T18:00:00+08:00"'), undefined, 'occurredAt', 'INVALID_DATE_TIME'],
      ['a literal unknown method', literal('"2024-03-20T14:30:00+08:00"', 'FAX', '"2024-03-25T18:00:00+08:00"'), undefined, 'method', 'INVALID_ENUM_VALUE'],
      ['a literal deadline in words', literal('"2024-03-20T14:30:00+08:00"', 'PHONE_CALL', '"next Friday"'), undefined, 'nextAction.dueAt', 'INVALID_DATE_TIME'],
      ['a date with slashes (analytics)', FOLLOW_UP, { from: '2024/03/01', to: '2024-03-31' }, 'from', 'INVALID_DATE'],
      ['an id that is not a string (workflow)', `mutation($ids: [ID!]!) { submitForReview(customerIds: $ids) { id } }`, { ids: [id, true] }, 'customerIds.1', 'INVALID_ID'],
      ['a first-contact date of another shape', CREATE, { input: customerInput('格式公司二', { firstContactDate: '15/03/2024' }) }, 'firstContactDate', 'INVALID_DATE'],
    ];
    for (const [what, query, variables, field, reason] of cases) {
      const res = await system.graphql(rep, query, variables);
      expect([what, res.data?.logInteraction ?? null, res.errors?.map((e) => e.extensions)]).toEqual([
        what,
        null,
        [expect.objectContaining({ code: 'BAD_USER_INPUT', field, reason })],
      ]);
    }
    const read = await ok<{ customer: { interactions: { edges: unknown[] } } }>(rep, INTERACTIONS, { id });
    expect(read.customer.interactions.edges).toEqual([]);
  });

  it('records the form’s 制造业-新能源汽车 as class C3612 and serves the four levels to a cascader', async () => {
    const rep = await devToken('SALES_REP', 'rep-industry', 'team-industry');
    const created = await system.graphql<{ createCustomer: { id: string; industry: Record<string, unknown> } }>(
      rep,
      `mutation($input: CreateCustomerInput!) {
        createCustomer(input: $input) { id industry { code section sectionName name level parentCode divisionCode pathCodes pathNames hasChildren } }
      }`,
      { input: customerInput('新能源汽车公司', { industryCode: 'C3612' }) },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createCustomer.industry).toEqual({
      code: 'C3612',
      section: 'C',
      sectionName: '制造业',
      name: '新能源车整车制造',
      level: 'CLASS',
      parentCode: 'C361',
      divisionCode: 'C36',
      pathCodes: ['C', 'C36', 'C361', 'C3612'],
      pathNames: ['制造业', '汽车制造业', '汽车整车制造', '新能源车整车制造'],
      hasChildren: false,
    });
    const cascade = await ok<Record<string, Array<{ code: string; name: string; hasChildren: boolean }>>>(
      rep,
      `{ sections: industries(level: SECTION) { code name hasChildren }
         divisions: industries { code }
         groups: industries(parent: "C36", locale: "en") { code name hasChildren }
         classes: industries(parent: "C361") { code name hasChildren }
         found: industries(search: "新能源车") { code name } }`,
    );
    expect(cascade.sections).toHaveLength(20);
    expect(cascade.divisions).toHaveLength(97);
    expect(cascade.groups![0]).toEqual({ code: 'C361', name: '汽车整车制造', hasChildren: true });
    expect(cascade.classes).toEqual([
      { code: 'C3611', name: '汽柴油车整车制造', hasChildren: false },
      { code: 'C3612', name: '新能源车整车制造', hasChildren: false },
    ]);
    expect(cascade.found).toEqual([{ code: 'C3612', name: '新能源车整车制造' }]);
    const listed = await ok<{ customers: { totalCount: number } }>(rep, `{ customers(filter: { industryCode: "C36" }) { totalCount } }`);
    expect(listed.customers.totalCount).toBe(1);
    const section = await system.graphql(rep, CREATE, { input: customerInput('只写门类公司', { industryCode: 'C' }) });
    expect(section.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'industryCode', reason: 'INDUSTRY_TOO_BROAD' });
    const after = await ok<{ customers: { totalCount: number } }>(rep, `{ customers { totalCount } }`);
    expect(after.customers.totalCount).toBe(1);
  });

  it('saves a speculative summary but shows the reviewer a finding that points to the inferred needs', async () => {
    const rep = await devToken('SALES_REP', 'rep-spec', 'team-spec');
    const id = (await ok<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('推测公司') })).createCustomer.id;
    const logged = await ok<{ logInteraction: { id: string; speculativeTerms: string[] } }>(
      rep,
      `mutation($input: LogInteractionInput!) { logInteraction(input: $input) { id speculativeTerms } }`,
      {
        input: interactionInput(id, new Date(Date.now() - 3600_000), new Date(Date.now() + 7 * 86400_000), {
          summary: '客户可能下月采购，估计预算在50万左右；I think they compare prices.',
        }),
      },
    );
    expect(logged.logInteraction.speculativeTerms).toEqual(['可能', '估计', 'I think']);
    const finding = await waitFor(
      async () => {
        const res = await system.graphql<{ submitForReview: Array<{ findings: Array<{ code: string; field: string; refId: string; message: string }> }> }>(
          rep,
          `mutation($ids: [ID!]!) { submitForReview(customerIds: $ids) { findings { code field refId message } } }`,
          { ids: [id] },
        );
        return res.data?.submitForReview[0]?.findings.find((f) => f.code === 'SPECULATIVE_SUMMARY');
      },
      { timeoutMs: 15_000, what: 'workflow to know the interaction' },
    );
    expect(finding).toMatchObject({ field: 'summary', refId: logged.logInteraction.id, message: expect.stringContaining('推断的内容请记为潜在需求') });
  });

  it('hands a customer reaching DEAL_SIGNING and AFTER_SALES over to the team’s after-sales people of the directory, who see the record but no figures', async () => {
    const admin = await devToken('ADMIN', 'admin-1', null);
    for (const team of ['team-hand', 'team-other']) {
      await ok(admin, `mutation($input: TeamInput!) { upsertTeam(input: $input) { id } }`, { input: { id: team, name: team } });
    }
    // The ADMIN adds them: none of them has used SalesTrail yet. One serves every team, one has left.
    const ADD = `mutation($input: AddUserInput!) { addUser(input: $input) { id } }`;
    for (const [id, name, teamId] of [
      ['as-hand', '售后小刘', 'team-hand'],
      ['as-everywhere', '售后总监', null],
      ['as-elsewhere', '别组售后', 'team-other'],
      ['as-left', '离职售后', 'team-hand'],
    ] as const) {
      await ok(admin, ADD, { input: { id, name, role: 'AFTER_SALES', teamId } });
    }
    await ok(admin, `mutation { deactivateUser(id: "as-left", reason: "离职") { user { active } } }`);
    const rep = await devToken('SALES_REP', 'rep-hand', 'team-hand');
    const afterSales = await devToken('AFTER_SALES', 'as-hand', 'team-hand');
    const everywhere = await devToken('AFTER_SALES', 'as-everywhere', null);
    const elsewhere = await devToken('AFTER_SALES', 'as-elsewhere', 'team-other');
    const left = await devToken('AFTER_SALES', 'as-left', 'team-hand');
    const id = (await ok<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('移交售后公司') })).createCustomer.id;
    await ok(rep, CHANGE_STAGE, { id, to: 'DEAL_SIGNING', v: 1 });
    for (const token of [afterSales, everywhere]) {
      const handOver = await waitFor(
        async () => (await notificationsOf(token)).find((n) => n.kind === 'CUSTOMER_HANDED_TO_AFTER_SALES' && n.customerId === id),
        { timeoutMs: 15_000, what: 'the hand-over notification' },
      );
      expect(handOver).toMatchObject({ title: '转交售后：移交售后公司', body: expect.stringContaining('成交签约') });
    }
    await ok(rep, CHANGE_STAGE, { id, to: 'AFTER_SALES', v: 2 });
    await waitFor(
      async () => (await notificationsOf(afterSales)).filter((n) => n.kind === 'CUSTOMER_HANDED_TO_AFTER_SALES').length === 2,
      { timeoutMs: 15_000, what: 'the second hand-over notification' },
    );
    expect(await notificationsOf(elsewhere)).toEqual([]);
    expect(await notificationsOf(left)).toEqual([]);
    expect((await notificationsOf(rep)).filter((n) => n.kind === 'CUSTOMER_HANDED_TO_AFTER_SALES')).toEqual([]);

    const read = await system.graphql<{ customer: Record<string, unknown> }>(
      afterSales,
      `query($id: ID!) { customer(id: $id) { name stage interactionCount openNextActions daysInCurrentStage } }`,
      { id },
    );
    expect(read.data?.customer).toEqual({ name: '移交售后公司', stage: 'AFTER_SALES', interactionCount: null, openNextActions: null, daysInCurrentStage: null });
    expect(read.errors?.map((e) => [e.path?.at(-1), e.extensions?.code]).sort()).toEqual([
      ['daysInCurrentStage', 'FORBIDDEN'],
      ['interactionCount', 'FORBIDDEN'],
      ['openNextActions', 'FORBIDDEN'],
    ]);
    const byRep = await ok<{ customer: { interactionCount: number } }>(rep, `query($id: ID!) { customer(id: $id) { interactionCount } }`, { id });
    expect(byRep.customer.interactionCount).toBe(0);
  });

  it('records a customer another team has (撞单), tells both teams’ managers, shows the match as each may see it, and offers similar names', async () => {
    const admin = await devToken('ADMIN', 'admin-1', null);
    for (const team of ['team-dup-a', 'team-dup-b']) {
      await ok(admin, `mutation($input: TeamInput!) { upsertTeam(input: $input) { id } }`, { input: { id: team, name: team, managerId: `mgr-${team}` } });
    }
    // A second manager of team B, in the directory only.
    await ok(admin, `mutation($input: AddUserInput!) { addUser(input: $input) { id } }`, {
      input: { id: 'mgr2-team-dup-b', name: '副经理', role: 'SALES_MANAGER', teamId: 'team-dup-b' },
    });
    const secondManagerB = await devToken('SALES_MANAGER', 'mgr2-team-dup-b', 'team-dup-b');
    const repA = await devToken('SALES_REP', 'rep-dup-a', 'team-dup-a');
    const repB = await devToken('SALES_REP', 'rep-dup-b', 'team-dup-b');
    const managerA = await devToken('SALES_MANAGER', 'mgr-team-dup-a', 'team-dup-a');
    const managerB = await devToken('SALES_MANAGER', 'mgr-team-dup-b', 'team-dup-b');
    const theirs = (await ok<{ createCustomer: { id: string } }>(repA, CREATE, { input: customerInput('青松科技有限公司') })).createCustomer.id;

    const typed = await ok<{ similarCustomers: { customers: Array<{ customer: { id: string } }>; inOtherTeams: boolean } }>(
      repB,
      `query($name: String!) { similarCustomers(name: $name) { customers { customer { id name } similarity } inOtherTeams } }`,
      { name: '青松科技' },
    );
    expect(typed.similarCustomers).toEqual({ customers: [], inOtherTeams: true });
    const ours = (
      await ok<{ createCustomer: { id: string } }>(repB, CREATE, {
        input: customerInput('青松科技 有限责任公司', { contacts: [{ name: '周总监', role: 'DECISION_MAKER', phone: '139 8765 4321' }] }),
      })
    ).createCustomer.id;

    for (const [token, customerId] of [
      [managerA, theirs],
      [managerB, ours],
      [secondManagerB, ours],
    ] as const) {
      const note = await waitFor(
        async () => (await notificationsOf(token)).find((n) => n.kind === 'POSSIBLE_DUPLICATE_CUSTOMER'),
        { timeoutMs: 15_000, what: 'the duplicate notification' },
      );
      expect(note).toMatchObject({ customerId, title: '疑似撞单：青松科技 有限责任公司' });
    }
    expect((await notificationsOf(repA)).concat(await notificationsOf(repB)).filter((n) => n.kind === 'POSSIBLE_DUPLICATE_CUSTOMER')).toEqual([]);

    const DUPLICATES = `query($id: ID!) { customer(id: $id) { possibleDuplicates { teamId customer { id name } } } }`;
    const view = async (token: string, id: string) =>
      (await ok<{ customer: { possibleDuplicates: unknown[] } }>(token, DUPLICATES, { id })).customer.possibleDuplicates;
    expect(await view(repB, ours)).toEqual([{ teamId: null, customer: null }]);
    expect(await view(managerB, ours)).toEqual([{ teamId: 'team-dup-a', customer: null }]);
    expect(await view(admin, ours)).toEqual([{ teamId: 'team-dup-a', customer: { id: theirs, name: '青松科技有限公司' } }]);
    expect(await view(repA, theirs)).toEqual([{ teamId: null, customer: null }]);

    const SEARCH = `query($search: String!) { customers(filter: { search: $search }) { totalCount edges { node { id } } } }`;
    for (const search of ['周总监', '8765 4321', '青松']) {
      const found = await ok<{ customers: { edges: Array<{ node: { id: string } }> } }>(repB, SEARCH, { search });
      expect([search, found.customers.edges.map((e) => e.node.id)]).toEqual([search, [ours]]);
    }
  });
});
