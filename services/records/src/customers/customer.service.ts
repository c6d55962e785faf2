import { In, type DataSource } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError, recordEvents } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { customerReadScope } from '../common/access';
import { findIndustry } from '../industries/industries';
import { ContactEntity, CustomerEntity, StageChangeEntity } from './customer.entity';
import type { CreateCustomerInput, CustomerFilter } from './customer.inputs';
import { normalizeCustomerName } from './normalize-name';

export const MAX_PAGE_SIZE = 100;

/** Customers: creation, lookup and listing, scoped to what the caller may see. */
export class CustomerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(actor: Actor, input: CreateCustomerInput): Promise<CustomerEntity> {
    const name = input.name.trim();
    if (!name) throw new BadInputError('name', 'REQUIRED', 'Customer name is required');
    if (!findIndustry(input.industryCode)) {
      throw new BadInputError('industryCode', 'UNKNOWN_INDUSTRY', `Unknown GB/T 4754-2017 code ${input.industryCode}`);
    }
    const today = this.now().toISOString().slice(0, 10);
    if (input.firstContactDate > today) {
      throw new BadInputError('firstContactDate', 'FUTURE_DATE', 'First-contact date cannot be in the future');
    }
    if (!actor.teamId) throw new BadInputError('teamId', 'REQUIRED', 'The caller belongs to no team');
    const ownerId = input.ownerId ?? actor.userId;
    const teamId = actor.teamId;
    const normalizedName = normalizeCustomerName(name);

    return this.dataSource.transaction(async (manager) => {
      const duplicate = await manager.findOne(CustomerEntity, { where: { teamId, normalizedName } });
      if (duplicate) {
        throw new ConflictError(`Customer "${duplicate.name}" already exists in this team`, 'DUPLICATE_CUSTOMER');
      }
      const now = this.now();
      const customer = manager.create(CustomerEntity, {
        name,
        normalizedName,
        kind: input.kind,
        industryCode: input.industryCode,
        sourceChannel: input.sourceChannel,
        sourceDetail: input.sourceDetail ?? null,
        firstContactDate: input.firstContactDate,
        stage: 'LEAD_NURTURING',
        terminationReason: null,
        ownerId,
        teamId,
        remarks: input.remarks ?? null,
        archiveCode: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(CustomerEntity, customer);
      await manager.insert(
        ContactEntity,
        input.contacts.map((c, position) => ({
          customerId: customer.id,
          name: c.name.trim(),
          role: c.role,
          title: c.title ?? null,
          phone: c.phone ?? null,
          email: c.email ?? null,
          position,
        })),
      );
      await manager.insert(StageChangeEntity, {
        customerId: customer.id,
        fromStage: null,
        toStage: 'LEAD_NURTURING',
        at: now,
        byUserId: actor.userId,
        reason: null,
        ownerId,
        teamId,
      });
      const facts = {
        customerId: customer.id,
        name,
        kind: customer.kind,
        industryCode: customer.industryCode,
        sourceChannel: customer.sourceChannel,
        firstContactDate: customer.firstContactDate,
        ownerId,
        teamId,
      };
      await recordEvents(manager, [
        {
          type: 'customer.created',
          aggregateId: customer.id,
          version: 1,
          teamId,
          actor,
          occurredAt: now.toISOString(),
          payload: { ...facts, stage: 'LEAD_NURTURING', createdAt: now.toISOString() },
        },
      ]);
      return customer;
    });
  }

  /** A customer the caller may read, or NOT_FOUND (hidden customers do not leak their existence). */
  async get(actor: Actor, id: string): Promise<CustomerEntity> {
    const [found] = await this.findVisible(actor, [id]);
    if (!found) throw new NotFoundError('Customer', id);
    return found;
  }

  async findVisible(actor: Actor, ids: readonly string[]): Promise<CustomerEntity[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const scope = customerReadScope(actor);
    return this.dataSource
      .getRepository(CustomerEntity)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids)', { ids: valid })
      .andWhere(scope.where, scope.params)
      .getMany();
  }

  async list(
    actor: Actor,
    filter: CustomerFilter | undefined,
    first = 50,
    after?: string,
  ): Promise<{ rows: CustomerEntity[]; hasNextPage: boolean; totalCount: number }> {
    if (first < 0 || first > MAX_PAGE_SIZE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 0 and ${MAX_PAGE_SIZE}`);
    }
    const scope = customerReadScope(actor);
    const qb = this.dataSource.getRepository(CustomerEntity).createQueryBuilder('c').where(scope.where, scope.params);
    if (filter?.stage) qb.andWhere('c.stage = :stage', { stage: filter.stage });
    if (filter?.ownerId) qb.andWhere('c.owner_id = :ownerId', { ownerId: filter.ownerId });
    if (filter?.teamId) qb.andWhere('c.team_id = :teamId', { teamId: filter.teamId });
    if (filter?.industryCode) qb.andWhere('c.industry_code = :industryCode', { industryCode: filter.industryCode });
    if (filter?.sourceChannel) qb.andWhere('c.source_channel = :sourceChannel', { sourceChannel: filter.sourceChannel });
    if (filter?.search) {
      qb.andWhere(`c.name ILIKE :search ESCAPE '\\'`, { search: `%${filter.search.replace(/[\\%_]/g, '\\$&')}%` });
    }
    const totalCount = await qb.getCount();
    if (after) {
      const cursor = decodeCursor(after);
      qb.andWhere('(c.created_at, c.id) < (:cAt, :cId)', { cAt: cursor.createdAt, cId: cursor.id });
    }
    const rows = await qb
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }

  async contactsOf(customerIds: readonly string[]): Promise<ContactEntity[]> {
    return this.dataSource
      .getRepository(ContactEntity)
      .find({ where: { customerId: In([...customerIds]) }, order: { position: 'ASC' } });
  }

  async stageHistoryOf(customerIds: readonly string[]): Promise<StageChangeEntity[]> {
    return this.dataSource
      .getRepository(StageChangeEntity)
      .find({ where: { customerId: In([...customerIds]) }, order: { at: 'ASC', id: 'ASC' } });
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export function encodeCursor(c: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== 'string' || !isUuid(id) || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new BadInputError('after', 'INVALID_CURSOR', 'Malformed cursor');
  }
}
