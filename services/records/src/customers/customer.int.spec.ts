import type { DataSource } from 'typeorm';
import { BadInputError, ConflictError } from '@salestrail/platform';
import { actorOf, recordsTestDataSource, uniqueTeam } from '../test/harness';
import { CustomerService } from './customer.service';
import type { CreateCustomerInput } from './customer.inputs';
import { ContactRole, CustomerKind, SourceChannel } from '../common/enums';

function input(name: string, overrides: Partial<CreateCustomerInput> = {}): CreateCustomerInput {
  return {
    name,
    kind: CustomerKind.ENTERPRISE,
    industryCode: 'C34',
    sourceChannel: SourceChannel.TRADE_SHOW,
    firstContactDate: '2024-03-15',
    contacts: [{ name: '王总', role: ContactRole.DECISION_MAKER }],
    ...overrides,
  };
}

async function counts(ds: DataSource, teamId: string) {
  const [row] = await ds.query(
    `SELECT (SELECT count(*) FROM customer WHERE team_id = $1)::int AS customers,
            (SELECT count(*) FROM outbox_event WHERE team_id = $1)::int AS events`,
    [teamId],
  );
  return row as { customers: number; events: number };
}

describe('CustomerService.create (real Postgres)', () => {
  let ds: DataSource;
  let service: CustomerService;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    service = new CustomerService(ds);
  });
  afterAll(() => ds.destroy());

  it('creates the customer at LEAD_NURTURING with its contacts, creation history and outbox event', async () => {
    const team = uniqueTeam();
    const rep = actorOf('SALES_REP', 'rep-1', team);
    const customer = await service.create(rep, input('ABC公司'));
    expect(customer).toMatchObject({ stage: 'LEAD_NURTURING', ownerId: 'rep-1', teamId: team, version: 1 });
    expect(await service.contactsOf([customer.id])).toHaveLength(1);
    const history = await service.stageHistoryOf([customer.id]);
    expect(history.map((h) => [h.fromStage, h.toStage])).toEqual([[null, 'LEAD_NURTURING']]);
    const [event] = await ds.query(`SELECT type, payload FROM outbox_event WHERE aggregate_id = $1`, [customer.id]);
    expect(event).toMatchObject({ type: 'customer.created', payload: { name: 'ABC公司', teamId: team } });
  });

  it('refuses a duplicate after normalisation and changes nothing', async () => {
    const team = uniqueTeam();
    const rep = actorOf('SALES_REP', 'rep-1', team);
    await service.create(rep, input('ABC科技有限公司'));
    const before = await counts(ds, team);
    const error = await service.create(rep, input('ＡＢＣ科技（有限责任公司）'.replace('（有限责任公司）', ' 有限责任公司'))).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details.reason).toBe('DUPLICATE_CUSTOMER');
    expect(await counts(ds, team)).toEqual(before);
  });

  it('refuses a future first-contact date and an unknown industry, changing nothing', async () => {
    const team = uniqueTeam();
    const rep = actorOf('SALES_REP', 'rep-1', team);
    const future = await service.create(rep, input('未来公司', { firstContactDate: '2999-01-01' })).catch((e) => e);
    expect(future).toBeInstanceOf(BadInputError);
    expect(future.details).toEqual({ field: 'firstContactDate', reason: 'FUTURE_DATE' });
    const unknown = await service.create(rep, input('未知行业公司', { industryCode: 'Z99' })).catch((e) => e);
    expect(unknown.details).toEqual({ field: 'industryCode', reason: 'UNKNOWN_INDUSTRY' });
    expect(await counts(ds, team)).toEqual({ customers: 0, events: 0 });
  });

  it('records the industry at class level (制造业-新能源汽车 is C3612), keeps division codes, and filters by any level above', async () => {
    const team = uniqueTeam();
    const rep = actorOf('SALES_REP', 'rep-1', team);
    const ev = await service.create(rep, input('新能源车企', { industryCode: 'C3612' }));
    const old = await service.create(rep, input('通用设备公司', { industryCode: 'C34' }));
    const group = await service.create(rep, input('整车公司', { industryCode: 'C361' }));
    expect([ev.industryCode, old.industryCode, group.industryCode]).toEqual(['C3612', 'C34', 'C361']);
    const [event] = await ds.query(`SELECT payload FROM outbox_event WHERE aggregate_id = $1`, [ev.id]);
    expect(event.payload.industryCode).toBe('C3612');
    const names = async (industryCode: string) =>
      (await service.list(rep, { industryCode, teamId: team })).rows.map((c) => c.name).sort();
    expect(await names('C')).toEqual(['整车公司', '新能源车企', '通用设备公司']);
    expect(await names('C36')).toEqual(['整车公司', '新能源车企']);
    expect(await names('C361')).toEqual(['整车公司', '新能源车企']);
    expect(await names('C3612')).toEqual(['新能源车企']);
    expect(await names('C3611')).toEqual([]);
    expect(await names('C3%')).toEqual([]);
    expect(await names('I')).toEqual([]);

    const before = await counts(ds, team);
    const section = await service.create(rep, input('只有门类公司', { industryCode: 'C' })).catch((e) => e);
    expect(section.details).toEqual({ field: 'industryCode', reason: 'INDUSTRY_TOO_BROAD' });
    const wrongSection = await service.create(rep, input('门类不符公司', { industryCode: 'A3612' })).catch((e) => e);
    expect(wrongSection.details).toEqual({ field: 'industryCode', reason: 'UNKNOWN_INDUSTRY' });
    const update = await service.update(rep, old.id, 1, { industryCode: 'C' }).catch((e) => e);
    expect(update.details).toEqual({ field: 'industryCode', reason: 'INDUSTRY_TOO_BROAD' });
    expect(await counts(ds, team)).toEqual(before);
    expect((await service.update(rep, old.id, 1, { industryCode: 'C3441' })).industryCode).toBe('C3441');
  });
});
