import { waitFor } from '@salestrail/testkit';
import { devToken, TestSystem } from './system';

/*
 * Analytics through the gateway: the ABC公司 record moves through the first stages with an interaction
 * and its next action; conversionFunnel, followUpEfficiency, pipeline, the Customer's figures and a CSV
 * export show it, scoped to the caller.
 */

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }
`;
const LOG = /* GraphQL */ `
  mutation Log($input: LogInteractionInput!) { logInteraction(input: $input) { id nextAction { id } } }
`;
const CHANGE_STAGE = /* GraphQL */ `
  mutation Stage($id: ID!, $to: SalesStage!, $v: Int!) { changeStage(customerId: $id, to: $to, expectedVersion: $v) { version } }
`;
const FUNNEL = /* GraphQL */ `
  query Funnel($from: Date!, $to: Date!, $filter: AnalyticsFilter, $groupBy: [FunnelDimension!]) {
    conversionFunnel(from: $from, to: $to, filter: $filter, groupBy: $groupBy) {
      key { ownerId teamId industryCode sourceChannel }
      stages { stage entered advanced terminated conversionRate medianDaysInStage }
      winRate
    }
  }
`;
const FOLLOW_UP = /* GraphQL */ `
  query FollowUp($from: Date!, $to: Date!, $filter: AnalyticsFilter) {
    followUpEfficiency(from: $from, to: $to, filter: $filter) {
      key { ownerId } interactionsLogged loggedWithin24hRate actionsDue actionsCompletedOnTime onTimeRate
      medianHoursToComplete openOverdue
    }
  }
`;
const CUSTOMER = /* GraphQL */ `
  query Customer($id: ID!) {
    customer(id: $id) { name stage daysInCurrentStage interactionCount lastInteractionAt openNextActions overdueNextActions }
  }
`;

/** A calendar date in Asia/Shanghai (the default team time zone), `offsetDays` from today. */
function shanghaiDate(offsetDays: number): string {
  const at = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}

describe('analytics, through the gateway', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start('analytics');
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('shows the ABC公司 record in the funnel, follow-up figures, pipeline, Customer fields and CSV export', async () => {
    const team = 'team-analytics-e2e';
    const rep = await devToken('SALES_REP', 'rep-abc', team);
    const manager = await devToken('SALES_MANAGER', 'mgr-abc', team);
    const created = await system.graphql<{ createCustomer: { id: string; version: number } }>(rep, CREATE, {
      input: {
        name: 'ABC公司',
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: shanghaiDate(-1),
        contacts: [{ name: '张经理', role: 'DECISION_MAKER' }],
      },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCustomer.id;
    // Interaction times are kept to the minute (the form's precision).
    const occurredAt = new Date(Math.floor((Date.now() - 3 * 3600_000) / 60_000) * 60_000).toISOString();
    const logged = await system.graphql(rep, LOG, {
      input: {
        customerId: id,
        occurredAt,
        method: 'PHONE_CALL',
        summary: '客户希望缩短交货周期；我方介绍了智能仓储系统；约定现场演示。',
        // Due an hour ago: open and overdue now.
        nextAction: { content: '发送产品详细规格表给客户', dueAt: new Date(Date.now() - 3600_000).toISOString() },
      },
    });
    expect(logged.errors).toBeUndefined();
    // Logging an interaction moves the customer's version on.
    const current = await system.graphql<{ customer: { version: number } }>(rep, 'query($id: ID!) { customer(id: $id) { version } }', { id });
    let version = current.data!.customer.version;
    for (const to of ['NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED']) {
      const moved = await system.graphql<{ changeStage: { version: number } }>(rep, CHANGE_STAGE, { id, to, v: version });
      expect(moved.errors).toBeUndefined();
      version = moved.data!.changeStage.version;
    }

    const period = { from: shanghaiDate(-1), to: shanghaiDate(1), filter: { teamId: team } };
    type Funnel = { conversionFunnel: Array<{ stages: Array<{ stage: string; entered: number; advanced: number; conversionRate: number | null }>; winRate: number | null }> };
    const funnel = await waitFor(
      async () => {
        const res = await system.graphql<Funnel>(manager, FUNNEL, period);
        const proposal = res.data?.conversionFunnel[0]?.stages.find((s) => s.stage === 'PROPOSAL_PRESENTED');
        return proposal?.entered === 1 ? res.data!.conversionFunnel : undefined;
      },
      { timeoutMs: 15_000, what: 'the stage changes in the funnel' },
    );
    expect(funnel).toHaveLength(1);
    const stages = Object.fromEntries(funnel[0]!.stages.map((s) => [s.stage, s]));
    expect(stages.LEAD_NURTURING).toMatchObject({ entered: 1, advanced: 1, conversionRate: 1 });
    expect(stages.NEEDS_CONFIRMED).toMatchObject({ entered: 1, advanced: 1, conversionRate: 1 });
    expect(stages.PROPOSAL_PRESENTED).toMatchObject({ entered: 1, advanced: 0, conversionRate: 0 });
    expect(stages.NEGOTIATION).toMatchObject({ entered: 0, conversionRate: null });
    expect(funnel[0]!.winRate).toBeNull();

    const byOwner = await system.graphql<{ conversionFunnel: Array<{ key: { ownerId: string | null; teamId: string | null } }> }>(
      manager,
      FUNNEL,
      { ...period, groupBy: ['OWNER'] },
    );
    expect(byOwner.data!.conversionFunnel.map((g) => g.key)).toEqual([
      { ownerId: 'rep-abc', teamId: null, industryCode: null, sourceChannel: null },
    ]);

    const followUp = await waitFor(
      async () => {
        const res = await system.graphql<{ followUpEfficiency: Array<Record<string, unknown>> }>(manager, FOLLOW_UP, period);
        return res.data?.followUpEfficiency[0]?.interactionsLogged === 1 && res.data.followUpEfficiency[0].actionsDue === 1
          ? res.data.followUpEfficiency
          : undefined;
      },
      { timeoutMs: 15_000, what: 'the interaction in the follow-up figures' },
    );
    expect(followUp).toEqual([
      {
        key: { ownerId: null },
        interactionsLogged: 1,
        loggedWithin24hRate: 1,
        actionsDue: 1,
        actionsCompletedOnTime: 0,
        onTimeRate: 0,
        medianHoursToComplete: null,
        openOverdue: 1,
      },
    ]);

    const pipeline = await system.graphql<{ pipeline: Array<{ stage: string; count: number }> }>(
      manager,
      `query { pipeline(filter: { teamId: "${team}" }) { stage count } }`,
    );
    expect(pipeline.data!.pipeline.find((s) => s.stage === 'PROPOSAL_PRESENTED')!.count).toBe(1);

    // The Customer's figures come from the analytics subgraph, joined by the gateway.
    const customer = await system.graphql<{ customer: Record<string, unknown> & { daysInCurrentStage: number } }>(rep, CUSTOMER, { id });
    expect(customer.errors).toBeUndefined();
    expect(customer.data!.customer).toMatchObject({
      name: 'ABC公司',
      stage: 'PROPOSAL_PRESENTED',
      interactionCount: 1,
      lastInteractionAt: occurredAt,
      openNextActions: 1,
      overdueNextActions: 1,
    });
    expect(customer.data!.customer.daysInCurrentStage).toBeGreaterThanOrEqual(0);
    expect(customer.data!.customer.daysInCurrentStage).toBeLessThan(1);

    // Another team's manager sees none of it; after-sales staff may not read analytics.
    const stranger = await devToken('SALES_MANAGER', 'mgr-other', 'team-other');
    const hidden = await system.graphql<Funnel>(stranger, FUNNEL, { from: period.from, to: period.to });
    expect(hidden.data!.conversionFunnel[0]!.stages.every((s) => s.entered === 0)).toBe(true);
    const afterSales = await devToken('AFTER_SALES', 'as-1', team);
    const refused = await system.graphql(afterSales, FUNNEL, period);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const invalid = await system.graphql(manager, FUNNEL, { ...period, from: shanghaiDate(2) });
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD' });

    // CSV export on the gateway: same token, same parameters, same scope.
    const base = `http://127.0.0.1:${system.ports.gateway}/export`;
    const query = `from=${period.from}&to=${period.to}&teamId=${team}&groupBy=OWNER`;
    const csv = await fetch(`${base}/conversion-funnel.csv?${query}`, { headers: { authorization: `Bearer ${manager}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    // The header row is for people: Chinese by default, English on request; scripts ask for the stable keys.
    expect(lines[0]).toBe('负责人ID,团队ID,行业代码,客户来源,销售阶段,进入客户数,推进客户数,终止客户数,转化率,阶段停留天数中位数,赢单率');
    // The median days in stage is a few seconds here, as a plain decimal.
    expect(lines[1]).toMatch(/^rep-abc,,,,LEAD_NURTURING,1,1,0,1,0\.0000\d*,$/);
    expect(lines).toContain('rep-abc,,,,PROPOSAL_PRESENTED,1,0,0,0,,');
    const pipelineCsv = await fetch(`${base}/pipeline.csv?teamId=${team}`, { headers: { authorization: `Bearer ${rep}` } });
    expect(await pipelineCsv.text()).toContain('PROPOSAL_PRESENTED,1');
    const anonymous = await fetch(`${base}/conversion-funnel.csv?${query}`);
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`${base}/conversion-funnel.csv?${query}`, { headers: { authorization: `Bearer ${manager}x` } });
    expect(forged.status).toBe(401);
    const forbidden = await fetch(`${base}/follow-up-efficiency.csv?${query}`, { headers: { authorization: `Bearer ${afterSales}` } });
    expect(forbidden.status).toBe(403);
    const bad = await fetch(`${base}/follow-up-efficiency.csv?from=${period.to}&to=${period.from}`, { headers: { authorization: `Bearer ${manager}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'from', reason: 'INVALID_PERIOD' } }] });
    // The analytics port itself refuses a request without the gateway's signed identity.
    const direct = await fetch(`http://127.0.0.1:${system.ports.analytics}/export/pipeline.csv`);
    expect(direct.status).toBe(401);

    // Every successful export is in the export log, for ADMIN only; refused ones are not.
    const admin = await devToken('ADMIN', 'admin-abc', null);
    const log = await system.graphql<{ exportLog: Array<{ userId: string; report: string; rowCount: number; params: string }> }>(
      admin,
      `{ exportLog(first: 50) { userId report rowCount params } }`,
    );
    expect(log.errors).toBeUndefined();
    const mine = log.data!.exportLog.filter((e) => ['mgr-abc', 'rep-abc', 'as-1'].includes(e.userId));
    expect(mine.map((e) => [e.userId, e.report])).toEqual([
      ['rep-abc', 'pipeline'],
      ['mgr-abc', 'conversion-funnel'],
    ]);
    expect(JSON.parse(mine[1]!.params)).toMatchObject({ teamId: team, groupBy: 'OWNER' });
    expect(mine[1]!.rowCount).toBe(lines.length - 1);
    const notAdmin = await system.graphql(manager, `{ exportLog { userId } }`);
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The same export with its header in English, or as the machine keys; an unknown language is refused.
    const headerOf = async (params: string) =>
      (await (await fetch(`${base}/conversion-funnel.csv?${query}&${params}`, { headers: { authorization: `Bearer ${manager}` } })).text()).split('\r\n')[0];
    expect(await headerOf('locale=en')).toBe(
      'Owner ID,Team ID,Industry code,Source channel,Stage,Entered,Advanced,Terminated,Conversion rate,Median days in stage,Win rate',
    );
    expect(await headerOf('header=keys')).toBe(
      'owner_id,team_id,industry_code,source_channel,stage,entered,advanced,terminated,conversion_rate,median_days_in_stage,win_rate',
    );
    // A file for people starts with the UTF-8 byte-order mark spreadsheets need; one for scripts does not.
    const bytes = async (params: string) =>
      Buffer.from(await (await fetch(`${base}/pipeline.csv?teamId=${team}&${params}`, { headers: { authorization: `Bearer ${manager}` } })).arrayBuffer());
    expect([...(await bytes('locale=zh-CN')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((await bytes('header=keys')).toString('utf8')).toMatch(/^stage,count\r\n/);
    const unsupported = await fetch(`${base}/conversion-funnel.csv?${query}&locale=fr`, { headers: { authorization: `Bearer ${manager}` } });
    expect(unsupported.status).toBe(400);
    expect(await unsupported.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'locale', reason: 'UNSUPPORTED_LOCALE' } }] });
  });
});
