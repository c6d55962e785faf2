import type { DataSource } from 'typeorm';
import type { Actor, Role } from '@salestrail/contract';
import { ContactRole, CustomerKind, InteractionMethod, NeedKind, SourceChannel } from '../common/enums';
import { createRecordsServices, type RecordsServices } from '../context';
import type { CustomerEntity } from '../customers/customer.entity';
import type { CreateCustomerInput } from '../customers/customer.inputs';
import type { LogInteractionInput } from '../interactions/interaction.inputs';
import { actorOf, uniqueTeam } from './harness';

export function customerInput(name: string, overrides: Partial<CreateCustomerInput> = {}): CreateCustomerInput {
  return {
    name,
    kind: CustomerKind.ENTERPRISE,
    industryCode: 'C34',
    sourceChannel: SourceChannel.TRADE_SHOW,
    firstContactDate: '2024-03-15',
    contacts: [
      { name: '王总', role: ContactRole.DECISION_MAKER, phone: '13812345678' },
      { name: '赵主管', role: ContactRole.EXECUTOR, email: 'zhao@abc.example.com' },
    ],
    ...overrides,
  };
}

export function interactionInput(customerId: string, overrides: Partial<LogInteractionInput> = {}): LogInteractionInput {
  return {
    customerId,
    occurredAt: new Date('2024-03-20T14:30:00+08:00'),
    method: InteractionMethod.PHONE_CALL,
    summary: '客户表示现有供应商交货周期长，希望缩短至7天；我方介绍了智能仓储系统的效率提升；客户有兴趣，约定3月25日现场演示。',
    needs: [
      { kind: NeedKind.EXPLICIT, description: '预算50万以内' },
      { kind: NeedKind.EXPLICIT, description: '要求3年质保' },
    ],
    painPoints: [{ description: '人工分拣效率低导致产能不足', needIndexes: [0] }],
    nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: new Date('2024-03-25T18:00:00+08:00') },
    ...overrides,
  };
}

export interface SeedPerson {
  id: string;
  role: Role;
  teamId: string | null;
  name?: string;
  active?: boolean;
}

/**
 * People in records' copy of the directory, as workflow's user.* events would have put them (a test of
 * the record needs its people there, not the events). Adding someone again changes nothing.
 */
export async function addPeople(ds: DataSource, people: SeedPerson[]): Promise<void> {
  for (const p of people) {
    await ds.query(
      `INSERT INTO directory_user (id, name, team_id, role, active, version) VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (id) DO NOTHING`,
      [p.id, p.name ?? p.id, p.teamId, p.role, p.active ?? true],
    );
  }
}

/**
 * A seeding kit that reads like the domain: `await kit.team()` gives a fresh team with its people, all
 * in the directory; each test uses its own team, so tests never see each other's rows.
 */
export function seedKit(ds: DataSource, now?: () => Date) {
  const services: RecordsServices = createRecordsServices(ds, now);
  return {
    services,
    /** One more person in the directory (another team's, someone who left…), as an actor. */
    async person(role: Role, id: string, teamId: string | null, options: { name?: string; active?: boolean } = {}): Promise<Actor> {
      await addPeople(ds, [{ id, role, teamId, ...options }]);
      return actorOf(role, id, teamId);
    },
    async team(prefix = 'team') {
      const teamId = uniqueTeam(prefix);
      const rep = actorOf('SALES_REP', `rep-${teamId}`, teamId);
      const otherRep = actorOf('SALES_REP', `rep2-${teamId}`, teamId);
      const manager = actorOf('SALES_MANAGER', `mgr-${teamId}`, teamId);
      const assistant = actorOf('TEAM_ASSISTANT', `asst-${teamId}`, teamId);
      const marketing = actorOf('MARKETING', `mkt-${teamId}`, null);
      const afterSales = actorOf('AFTER_SALES', `as-${teamId}`, null);
      const admin = actorOf('ADMIN', `admin-${teamId}`, null);
      await addPeople(
        ds,
        [rep, otherRep, manager, assistant, marketing, afterSales, admin].map((a) => ({ id: a.userId, role: a.role, teamId: a.teamId })),
      );
      return {
        teamId,
        rep,
        otherRep,
        manager,
        assistant,
        marketing,
        afterSales,
        admin,
        customer: (name = 'ABC公司', by: Actor = rep, overrides: Partial<CreateCustomerInput> = {}) =>
          services.customers.create(by, customerInput(name, overrides)),
        interaction: (customer: CustomerEntity | string, by: Actor = rep, overrides: Partial<LogInteractionInput> = {}) =>
          services.interactions.log(by, interactionInput(typeof customer === 'string' ? customer : customer.id, overrides)),
      };
    },
  };
}

/**
 * Everything a rejected mutation must leave untouched: the customer row and how many rows each
 * table and the outbox hold for it.
 */
export async function footprint(ds: DataSource, customerId: string) {
  const [row] = await ds.query(
    `SELECT row_to_json(c)::text AS customer,
       (SELECT count(*) FROM contact WHERE customer_id = c.id)::int AS contacts,
       (SELECT count(*) FROM interaction WHERE customer_id = c.id)::int AS interactions,
       (SELECT json_agg(row_to_json(n) ORDER BY n.id)::text FROM next_action n WHERE customer_id = c.id) AS next_actions,
       (SELECT json_agg(row_to_json(n) ORDER BY n.id)::text FROM need n WHERE customer_id = c.id) AS needs,
       (SELECT json_agg(row_to_json(p) ORDER BY p.id)::text FROM pain_point p WHERE customer_id = c.id) AS pain_points,
       (SELECT count(*) FROM stage_change WHERE customer_id = c.id)::int AS stage_changes,
       (SELECT count(*) FROM customer_transfer WHERE customer_id = c.id)::int AS transfers,
       (SELECT count(*) FROM customer_archive WHERE customer_id = c.id)::int AS archives,
       (SELECT count(*) FROM outbox_event WHERE aggregate_id = c.id::text)::int AS events
     FROM customer c WHERE c.id = $1`,
    [customerId],
  );
  return row as Record<string, unknown>;
}

export async function eventsOf(ds: DataSource, customerId: string): Promise<Array<{ type: string; version: number; payload: Record<string, unknown> }>> {
  return ds.query(`SELECT type, version, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY position`, [customerId]);
}

/** Awaits a promise expected to reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; details: { field?: string; reason?: string }; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a rejection');
}
