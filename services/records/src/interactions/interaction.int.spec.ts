import type { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { recordsTestDataSource } from '../test/harness';
import { eventsOf, footprint, interactionInput, rejection, seedKit } from '../test/seed';
import { InteractionMethod, NeedKind } from '../common/enums';
import { REPAIR_FIRST_CONTACTS } from '../migrations/1734100000000-record-rules';

describe('logInteraction (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  it('records the interaction, its needs, pain points and next action in one go, with their events', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const logged = await team.interaction(customer, team.rep, {
      occurredAt: new Date('2024-03-20T14:30:42.123+08:00'),
    });
    expect(logged.interaction).toMatchObject({
      occurredAt: new Date('2024-03-20T06:30:00Z'),
      isFirstContact: true,
      loggedLate: true,
      authorId: team.rep.userId,
      method: 'PHONE_CALL',
    });
    expect(logged.nextAction).toMatchObject({ status: 'OPEN', ownerId: team.rep.userId, content: '发送产品详细参数表至客户邮箱' });
    expect(logged.needs.map((n) => n.description)).toEqual(['预算50万以内', '要求3年质保']);
    expect(logged.painPoints[0]!.needIds).toEqual([logged.needs[0]!.id]);

    const needs = await kit.services.needs.activeNeedsOf([customer.id]);
    expect(needs).toHaveLength(2);
    const events = await eventsOf(ds, customer.id);
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['customer.created', 1],
      ['interaction.logged', 2],
      ['need.recorded', 2],
      ['need.recorded', 2],
      ['pain_point.recorded', 2],
      ['next_action.created', 2],
    ]);
    expect(events[1]!.payload).toMatchObject({
      interactionId: logged.interaction.id,
      nextActionId: logged.nextAction.id,
      isFirstContact: true,
      loggedLate: true,
      teamId: team.teamId,
      ownerId: team.rep.userId,
    });
    const [{ version }] = await ds.query(`SELECT version FROM customer WHERE id = $1`, [customer.id]);
    expect(version).toBe(2);
  });

  it('tells first contact from follow-up by occurredAt and marks late logging only after 24 h', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const recent = new Date(Date.now() - 2 * 3600_000);
    const first = await team.interaction(customer, team.rep, {
      occurredAt: recent,
      needs: [],
      painPoints: [],
      nextAction: { content: '发送报价单给王总确认', dueAt: new Date(Date.now() + 86400_000) },
    });
    expect(first.interaction).toMatchObject({ isFirstContact: true, loggedLate: false });
    const followUp = await team.interaction(customer, team.rep, {
      occurredAt: new Date(Date.now() - 3600_000),
      needs: [],
      painPoints: [],
      nextAction: { content: 'Email the detailed product specification sheet to the customer', dueAt: new Date(Date.now() + 86400_000) },
    });
    expect(followUp.interaction).toMatchObject({ isFirstContact: false, loggedLate: false });
    // An older communication logged afterwards is the earliest: it is the first contact, and the only one.
    const older = await team.interaction(customer, team.rep, { occurredAt: new Date('2024-03-20T14:30:00+08:00') });
    expect(older.interaction).toMatchObject({ isFirstContact: true, loggedLate: true });
    const page = (await kit.services.interactions.pageOf([customer.id], 10, null)).get(customer.id)!;
    expect(page.rows.map((i) => [i.id, i.isFirstContact])).toEqual([
      [followUp.interaction.id, false],
      [first.interaction.id, false],
      [older.interaction.id, true],
    ]);
    const logged = (await eventsOf(ds, customer.id)).filter((e) => e.type === 'interaction.logged').map((e) => e.payload);
    expect(logged.map((p) => [p.interactionId, p.isFirstContact, p.supersededFirstContactId])).toEqual([
      [first.interaction.id, true, undefined],
      [followUp.interaction.id, false, undefined],
      [older.interaction.id, true, first.interaction.id],
    ]);
    // Another one between them is neither first nor takes anything away.
    const between = await team.interaction(customer, team.rep, { occurredAt: new Date('2024-03-21T10:00:00+08:00') });
    expect(between.interaction.isFirstContact).toBe(false);
    const flagged = await ds.query(`SELECT id FROM interaction WHERE customer_id = $1 AND is_first_contact`, [customer.id]);
    expect(flagged).toEqual([{ id: older.interaction.id }]);
  });

  it('gives a customer whose interactions carry two first-contact flags only the earliest one back', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const later = await team.interaction(customer, team.rep, { occurredAt: new Date('2024-03-22T10:00:00+08:00') });
    const earlier = await team.interaction(customer, team.rep, { occurredAt: new Date('2024-03-20T14:30:00+08:00') });
    // As rows logged before the rule could be (the constraint is checked at commit: repaired in time).
    const flagged = await ds.transaction(async (m) => {
      await m.query(`UPDATE interaction SET is_first_contact = true WHERE customer_id = $1`, [customer.id]);
      await m.query(REPAIR_FIRST_CONTACTS);
      return m.query(`SELECT id FROM interaction WHERE customer_id = $1 AND is_first_contact`, [customer.id]);
    });
    expect(flagged).toEqual([{ id: earlier.interaction.id }]);
    expect(later.interaction.isFirstContact).toBe(true);
    // Without the repair the database refuses a second flag.
    const refused = await ds
      .query(`UPDATE interaction SET is_first_contact = true WHERE id = $1`, [later.interaction.id])
      .catch((e: { driverError?: { code?: string } }) => e.driverError?.code);
    expect(refused).toBe('23P01');
  });

  it('writes the rows, their first revisions and the version bump in one statement, the events in a second', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const statements: string[] = [];
    const original = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, ...args: Parameters<PostgresQueryRunner['query']>) {
      statements.push(String(args[0]).trim().split(/\s+/).slice(0, 2).join(' '));
      return original.apply(this, args);
    });
    let logged;
    try {
      logged = await team.interaction(customer);
    } finally {
      spy.mockRestore();
    }
    // START TRANSACTION, the customer lock, the next action's owner in the directory, the rows, the outbox, COMMIT.
    expect(statements).toEqual(['START TRANSACTION', 'SELECT "c"."id"', 'SELECT "DirectoryUserEntity"."id"', 'WITH i', 'INSERT INTO', 'COMMIT']);
    const revisions = await ds.query(
      `SELECT 'need' AS of, change, description FROM need_revision WHERE need_id = ANY($1)
       UNION ALL SELECT 'pain_point', change, description FROM pain_point_revision WHERE pain_point_id = ANY($2) ORDER BY 1, 3`,
      [logged.needs.map((n) => n.id), logged.painPoints.map((p) => p.id)],
    );
    expect(revisions).toEqual([
      { of: 'need', change: 'RECORDED', description: '要求3年质保' },
      { of: 'need', change: 'RECORDED', description: '预算50万以内' },
      { of: 'pain_point', change: 'RECORDED', description: '人工分拣效率低导致产能不足' },
    ]);
    const [row] = await ds.query(
      `SELECT c.version, c.updated_at = i.logged_at AS touched, a.interaction_id = i.id AS linked, a.status, n.position
       FROM customer c JOIN interaction i ON i.customer_id = c.id JOIN next_action a ON a.id = i.next_action_id
       JOIN need n ON n.interaction_id = i.id AND n.description = '要求3年质保' WHERE c.id = $1`,
      [customer.id],
    );
    expect(row).toEqual({ version: 2, touched: true, linked: true, status: 'OPEN', position: 1 });
  });

  it('gives the first-contact flag to exactly one of two interactions logged at once for the same moment', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const at = new Date('2024-03-20T14:30:00+08:00');
    const both = await Promise.all([team.interaction(customer, team.rep, { occurredAt: at }), team.interaction(customer, team.manager, { occurredAt: at })]);
    expect(both.map((l) => l.interaction.isFirstContact).sort()).toEqual([false, true]);
    const stored = await ds.query(`SELECT is_first_contact FROM interaction WHERE customer_id = $1 ORDER BY logged_at, is_first_contact DESC`, [customer.id]);
    expect(stored.map((r: { is_first_contact: boolean }) => r.is_first_contact).sort()).toEqual([false, true]);
    const [{ version }] = await ds.query(`SELECT version FROM customer WHERE id = $1`, [customer.id]);
    expect(version).toBe(3);
  });

  it('saves a summary with speculative wording and tells workflow which words it used', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const logged = await team.interaction(customer, team.rep, { summary: '客户可能下月采购，估计预算50万；I think they compare prices.' });
    expect(logged.interaction.summary).toBe('客户可能下月采购，估计预算50万；I think they compare prices.');
    const objective = await team.interaction(customer, team.rep, { needs: [], painPoints: [] });
    const events = (await eventsOf(ds, customer.id)).filter((e) => e.type === 'interaction.logged');
    expect(events.map((e) => [e.payload.interactionId, e.payload.speculativeTerms])).toEqual([
      [logged.interaction.id, ['可能', '估计', 'I think']],
      [objective.interaction.id, []],
    ]);
  });

  it('links pain points to needs of earlier interactions by id', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const first = await team.interaction(customer);
    const second = await team.interaction(customer, team.rep, {
      needs: [{ kind: NeedKind.INFERRED, description: '对成本敏感，可能关注长期维护成本' }],
      painPoints: [{ description: '数据安全漏洞频发', needIds: [first.needs[1]!.id], needIndexes: [0] }],
    });
    expect(new Set(second.painPoints[0]!.needIds)).toEqual(new Set([first.needs[1]!.id, second.needs[0]!.id]));
    expect(second.interaction.isFirstContact).toBe(false);
  });

  it.each([
    ['a vague next action', { nextAction: { content: '跟进客户', dueAt: new Date('2024-03-25T10:00:00Z') } }, 'nextAction.content', 'VAGUE_NEXT_ACTION'],
    ['a vague English next action', { nextAction: { content: 'follow up with the customer', dueAt: new Date('2024-03-25T10:00:00Z') } }, 'nextAction.content', 'VAGUE_NEXT_ACTION'],
    ['a deadline before the interaction', { nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: new Date('2024-03-20T06:00:00Z') } }, 'nextAction.dueAt', 'DUE_BEFORE_OCCURRED'],
    ['an interaction in the future', { occurredAt: new Date(Date.now() + 3600_000), nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: new Date(Date.now() + 7200_000) } }, 'occurredAt', 'FUTURE_DATE'],
    ['a pain point without a need', { painPoints: [{ description: '人工分拣效率低导致产能不足' }] }, 'painPoints.0', 'PAIN_POINT_WITHOUT_NEED'],
    ['a need index out of range', { painPoints: [{ description: '产能不足', needIndexes: [5] }] }, 'painPoints.0.needIndexes', 'OUT_OF_RANGE'],
    ['a malformed need id', { painPoints: [{ description: '产能不足', needIds: ['nope'] }] }, 'painPoints.0.needIds.0', 'INVALID_ID'],
    ['an unknown need id', { painPoints: [{ description: '产能不足', needIds: ['00000000-0000-4000-8000-000000000000'] }] }, 'painPoints.0.needIds.0', 'UNKNOWN_NEED'],
    ['a blank summary', { summary: '   ' }, 'summary', 'REQUIRED'],
  ])('refuses %s and changes nothing', async (_what, overrides, field, reason) => {
    const team = await kit.team();
    const customer = await team.customer();
    const before = await footprint(ds, customer.id);
    const error = await rejection(team.interaction(customer, team.rep, overrides as never));
    expect(error.details).toEqual({ field, reason });
    expect(await footprint(ds, customer.id)).toEqual(before);
  });

  it('accepts 5 minutes of clock skew and keeps time to the minute', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const skewed = new Date(Date.now() + 2 * 60_000);
    const logged = await team.interaction(customer, team.rep, {
      occurredAt: skewed,
      nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: new Date(Date.now() + 86400_000) },
    });
    expect(logged.interaction.occurredAt.getSeconds()).toBe(0);
    expect(logged.interaction.occurredAt.getTime()).toBe(Math.floor(skewed.getTime() / 60_000) * 60_000);
  });

  it('refuses a malformed customer id as INVALID_ID and a hidden customer as NOT_FOUND', async () => {
    const team = await kit.team();
    const other = await kit.team();
    const customer = await other.customer();
    const malformed = await rejection(kit.services.interactions.log(team.rep, interactionInput('x')));
    expect(malformed.details).toEqual({ field: 'customerId', reason: 'INVALID_ID' });
    const before = await footprint(ds, customer.id);
    const hidden = await rejection(team.interaction(customer, team.rep));
    expect(hidden.code).toBe('NOT_FOUND');
    expect(await footprint(ds, customer.id)).toEqual(before);
  });

  it('lets after-sales log only on after-sales customers, and marketing never', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    expect((await rejection(team.interaction(customer, team.marketing))).code).toBe('FORBIDDEN');
    expect((await rejection(team.interaction(customer, team.afterSales))).code).toBe('NOT_FOUND');
    await kit.services.stages.changeStage(team.rep, customer.id, 'DEAL_SIGNING', null, 1);
    expect((await rejection(team.interaction(customer, team.afterSales))).code).toBe('FORBIDDEN');
    await kit.services.stages.changeStage(team.rep, customer.id, 'AFTER_SALES', null, 2);
    const logged = await team.interaction(customer, team.afterSales, { method: InteractionMethod.SITE_VISIT });
    expect(logged.interaction.authorId).toBe(team.afterSales.userId);
    expect(logged.nextAction.ownerId).toBe(team.rep.userId);
  });

  it('pages interactions newest first with a stable cursor', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    for (const day of [16, 18, 17]) {
      await team.interaction(customer, team.rep, {
        occurredAt: new Date(`2024-03-${day}T10:00:00+08:00`),
        needs: [],
        painPoints: [],
        nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: new Date('2024-04-01T10:00:00+08:00') },
      });
    }
    const page1 = (await kit.services.interactions.pageOf([customer.id], 2, null)).get(customer.id)!;
    expect(page1.totalCount).toBe(3);
    expect(page1.hasNextPage).toBe(true);
    expect(page1.rows.map((r) => r.occurredAt.toISOString().slice(0, 10))).toEqual(['2024-03-18', '2024-03-17']);
    const last = page1.rows[1]!;
    const { encodeCursor } = await import('../customers/customer.service');
    const page2 = (await kit.services.interactions.pageOf([customer.id], 2, encodeCursor({ createdAt: last.occurredAt, id: last.id }))).get(customer.id)!;
    expect(page2.rows.map((r) => r.occurredAt.toISOString().slice(0, 10))).toEqual(['2024-03-16']);
    expect(page2.hasNextPage).toBe(false);
    expect((await rejection(kit.services.interactions.pageOf([customer.id], 101, null))).details.reason).toBe('OUT_OF_RANGE');
  });
});
