import { In, type DataSource, type EntityManager } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError, recordEvents } from '@salestrail/platform';
import { AccessLogService } from '../access-log/access-log.service';
import type { Actor } from '@salestrail/contract';
import { assertCanCreateCustomer, canReadCustomer, canSeeConfidentialFields, customerReadScope, positionalReadScope } from '../common/access';
import { bumpCustomerVersion, customerEnvelope, lockCustomerForWrite } from '../common/customer-write';
import { isUuid } from '../common/ids';
import { validateContactDetails } from '../contacts/contact-validation';
import { assertOwnerAllowed } from '../directory/owner-rules';
import { checkRecordableIndustry, isIndustryCode } from '../industries/industries';
import { CUSTOMER_COLUMNS, ContactEntity, CustomerEntity, StageChangeEntity } from './customer.entity';
import { CustomerOrderField, OrderDirection, type CreateCustomerInput, type CustomerFilter, type CustomerOrder, type UpdateCustomerInput } from './customer.inputs';
import { normalizeCustomerName } from './normalize-name';
import { crossTeamMatches, likeEscape } from '../duplicates/duplicates.repository';

export { isUuid };
export const MAX_PAGE_SIZE = 100;

/** Customers: creation, basics, lookup and listing, scoped to what the caller may see. */
export class CustomerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
    private readonly accessLog = new AccessLogService(dataSource),
  ) {}

  async create(actor: Actor, input: CreateCustomerInput): Promise<CustomerEntity> {
    const ownerId = input.ownerId?.trim() || actor.userId;
    assertCanCreateCustomer(actor, ownerId);
    const name = input.name.trim();
    if (!name) throw new BadInputError('name', 'REQUIRED', 'Customer name is required');
    this.checkIndustry(input.industryCode);
    this.checkFirstContactDate(input.firstContactDate);
    if (!actor.teamId) throw new BadInputError('teamId', 'REQUIRED', 'The caller belongs to no team');
    if (input.contacts.length === 0) throw new BadInputError('contacts', 'TOO_FEW', 'At least one contact is required');
    const contacts = input.contacts.map((c, i) => {
      const contactName = c.name.trim();
      if (!contactName) throw new BadInputError(`contacts.${i}.name`, 'REQUIRED', 'Contact name is required');
      return { ...c, name: contactName, ...validateContactDetails(c, `contacts.${i}.`) };
    });
    const teamId = actor.teamId;
    const normalizedName = normalizeCustomerName(name);

    return this.dataSource.transaction(async (manager) => {
      await assertOwnerAllowed(manager, actor, ownerId, { field: 'ownerId', kind: 'CUSTOMER', teamId });
      await this.assertNoDuplicate(manager, actor, teamId, normalizedName, null);
      // Another team's customer of the same name does not stop it (撞单): both managers are told.
      const possibleDuplicates = await crossTeamMatches(manager, normalizedName, teamId);
      const now = this.now();
      const customer = manager.create(CustomerEntity, {
        name,
        normalizedName,
        kind: input.kind,
        industryCode: input.industryCode,
        sourceChannel: input.sourceChannel,
        sourceDetail: input.sourceDetail?.trim() || null,
        firstContactDate: input.firstContactDate,
        stage: 'LEAD_NURTURING',
        terminationReason: null,
        ownerId,
        teamId,
        remarks: input.remarks?.trim() || null,
        archiveCode: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await insertCustomer(manager, customer);
      await manager.insert(
        ContactEntity,
        contacts.map((c, position) => ({
          customerId: customer.id,
          name: c.name,
          role: c.role,
          title: c.title?.trim() || null,
          phone: c.phone,
          email: c.email,
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
      await recordEvents(manager, [
        {
          type: 'customer.created',
          ...customerEnvelope(customer, actor, now),
          payload: {
            ...customerFacts(customer, contacts.length),
            stage: 'LEAD_NURTURING',
            createdAt: now.toISOString(),
            ...(possibleDuplicates.length > 0 ? { possibleDuplicates } : {}),
          },
        },
      ]);
      return customer;
    });
  }

  /** Changes the basics (name, kind, industry, source, first-contact date, remarks). */
  async update(actor: Actor, id: string, expectedVersion: number, input: UpdateCustomerInput): Promise<CustomerEntity> {
    const changes: Partial<CustomerEntity> = {};
    if (input.name !== undefined && input.name !== null) {
      const name = input.name.trim();
      if (!name) throw new BadInputError('name', 'REQUIRED', 'Customer name is required');
      changes.name = name;
      changes.normalizedName = normalizeCustomerName(name);
    }
    if (input.kind) changes.kind = input.kind;
    if (input.industryCode !== undefined && input.industryCode !== null) {
      this.checkIndustry(input.industryCode, 'industryCode');
      changes.industryCode = input.industryCode;
    }
    if (input.sourceChannel) changes.sourceChannel = input.sourceChannel;
    if (input.sourceDetail !== undefined) changes.sourceDetail = input.sourceDetail?.trim() || null;
    if (input.firstContactDate !== undefined && input.firstContactDate !== null) {
      this.checkFirstContactDate(input.firstContactDate, 'firstContactDate');
      changes.firstContactDate = input.firstContactDate;
    }
    if (input.remarks !== undefined) changes.remarks = input.remarks?.trim() || null;

    return this.dataSource.transaction(async (manager) => {
      const customer = await lockCustomerForWrite(manager, actor, id, 'UPDATE', expectedVersion);
      const changed = (Object.keys(changes) as Array<keyof CustomerEntity>).filter(
        (k) => k !== 'normalizedName' && changes[k] !== customer[k],
      );
      // Saving an unchanged form is a no-op: no new version, no event.
      if (changed.length === 0) return customer;
      let possibleDuplicates: Array<{ customerId: string; teamId: string }> = [];
      if (changes.normalizedName && changes.normalizedName !== customer.normalizedName) {
        await this.assertNoDuplicate(manager, actor, customer.teamId, changes.normalizedName, customer.id);
        possibleDuplicates = await crossTeamMatches(manager, changes.normalizedName, customer.teamId, customer.id);
      }
      const now = this.now();
      await bumpCustomerVersion(manager, customer, now, changes).catch(duplicateToConflict);
      const contactCount = await manager.count(ContactEntity, { where: { customerId: customer.id } });
      await recordEvents(manager, [
        {
          type: 'customer.updated',
          ...customerEnvelope(customer, actor, now),
          payload: {
            ...customerFacts(customer, contactCount),
            changed,
            updatedAt: now.toISOString(),
            ...(possibleDuplicates.length > 0 ? { possibleDuplicates } : {}),
          },
        },
      ]);
      return customer;
    });
  }

  /** A customer the caller may read, or NOT_FOUND (hidden customers do not leak their existence). */
  /** A single customer read by a person: recorded in the access log. */
  async read(actor: Actor, id: string, requestId?: string): Promise<CustomerEntity> {
    const customer = await this.get(actor, id);
    await this.accessLog.record(actor, 'CUSTOMER_READ', [customer.id], { requestId });
    return customer;
  }

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
    /** `false` when the caller does not need `totalCount` (one query less; the count reads as 0). */
    withCount = true,
    /** Newest first when not given. */
    orderBy?: CustomerOrder | null,
  ): Promise<{ rows: CustomerEntity[]; hasNextPage: boolean; totalCount: number; cursorOf: (row: CustomerEntity) => string }> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 0 and ${MAX_PAGE_SIZE}`);
    }
    // Plain SQL and entity-shaped rows: a list is read on every dashboard page, and TypeORM's query
    // building and entity hydration cost more than the query itself.
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const scope = positionalReadScope(actor, 0);
    params.push(...scope.params);
    const conditions = [scope.sql];
    if (filter?.stage) conditions.push(`c.stage = ${param(filter.stage)}`);
    if (filter?.ownerId) conditions.push(`c.owner_id = ${param(filter.ownerId)}`);
    if (filter?.teamId) conditions.push(`c.team_id = ${param(filter.teamId)}`);
    if (filter?.industryCode) {
      // Any level: a section or division filter takes the customers recorded under it at a finer level.
      conditions.push(isIndustryCode(filter.industryCode) ? `c.industry_code LIKE ${param(`${filter.industryCode}%`)}` : 'FALSE');
    }
    if (filter?.sourceChannel) conditions.push(`c.source_channel = ${param(filter.sourceChannel)}`);
    if (filter?.search?.trim()) conditions.push(searchCondition(actor, filter.search.trim(), param));
    if (filter?.hasOverdueActions !== undefined && filter.hasOverdueActions !== null) {
      const overdue = `EXISTS (SELECT 1 FROM next_action na WHERE na.customer_id = c.id AND na.status = 'OPEN' AND na.due_at < ${param(this.now())})`;
      conditions.push(filter.hasOverdueActions ? overdue : `NOT ${overdue}`);
    }
    const where = conditions.join(' AND ');
    const countParams = [...params];
    let pageWhere = where;
    let select = CUSTOMER_COLUMNS;
    let order = 'c.created_at DESC, c.id DESC';
    let cursorOf = (row: CustomerEntity) => encodeCursor(row);
    if (orderBy) {
      // Keyset paging on (sort key, id): the key is never null (customers without the date sort last
      // in both directions), so a row comparison with the cursor's key continues exactly after it.
      const key = orderKey(orderBy);
      const direction = orderBy.direction === OrderDirection.DESC ? 'DESC' : 'ASC';
      if (after) {
        const cursor = decodeOrderedCursor(after, orderBy);
        pageWhere += ` AND (${key.sql}, c.id) ${direction === 'DESC' ? '<' : '>'} (${param(cursor.key)}::${key.type}, ${param(cursor.id)}::uuid)`;
      }
      select += `, (${key.sql})::text AS "sortKey"`;
      order = `${key.sql} ${direction}, c.id ${direction}`;
      cursorOf = (row) => encodeOrderedCursor(orderBy, (row as CustomerEntity & { sortKey: string }).sortKey, row.id);
    } else if (after) {
      const cursor = decodeCursor(after);
      pageWhere += ` AND (c.created_at, c.id) < (${param(cursor.createdAt)}, ${param(cursor.id)})`;
    }
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `SELECT ${select} FROM customer c WHERE ${pageWhere}
         ORDER BY ${order} LIMIT ${param(first + 1)}`,
        params,
      ) as Promise<CustomerEntity[]>,
      withCount ? (this.dataSource.query(`SELECT count(*)::int AS count FROM customer c WHERE ${where}`, countParams) as Promise<Array<{ count: number }>>) : null,
    ]);
    const totalCount = counted?.[0]?.count ?? 0;
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount, cursorOf };
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

  private checkIndustry(code: string, field = 'industryCode'): void {
    checkRecordableIndustry(code, field);
  }

  private checkFirstContactDate(date: string, field = 'firstContactDate'): void {
    // A calendar date: "today" is the latest date anywhere (UTC+14), so no time zone sees it as future.
    const latestToday = new Date(this.now().getTime() + 14 * 3600_000).toISOString().slice(0, 10);
    if (date > latestToday) throw new BadInputError(field, 'FUTURE_DATE', 'First-contact date cannot be in the future');
  }

  private async assertNoDuplicate(
    manager: EntityManager,
    actor: Actor,
    teamId: string,
    normalizedName: string,
    exceptId: string | null,
  ): Promise<void> {
    const duplicate = await manager.findOne(CustomerEntity, { where: { teamId, normalizedName } });
    if (duplicate && duplicate.id !== exceptId) throw duplicateCustomer(canReadCustomer(actor, duplicate) ? duplicate.id : undefined);
  }
}

/**
 * The search box: part of the customer's name or of a contact's name, or (for callers who may see phone
 * numbers, and a search made of phone characters with at least 4 digits) part of a contact's phone
 * number, digits only ("138 1234" finds 138-1234-5678). Substring matches, Chinese included, on the
 * columns the database keeps on the customer row for it (`search_names`, `search_phones`, migration
 * 1734100000000), each with a pg_trgm GIN index: one table, so the scope's index and the trigram
 * indexes combine as they did for the name alone.
 */
function searchCondition(actor: Actor, search: string, param: (value: unknown) => string): string {
  const byName = `c.search_names ILIKE ${param(`%${likeEscape(search)}%`)}`;
  const digits = search.replace(/\D/g, '');
  if (!canSeeConfidentialFields(actor) || digits.length < 4 || !/^[+\d\s\-()（）]+$/.test(search)) return byName;
  return `(${byName} OR c.search_phones LIKE ${param(`%${digits}%`)})`;
}

/** The customer facts every customer.* event carries. */
export function customerFacts(c: CustomerEntity, contactCount: number) {
  return {
    customerId: c.id,
    name: c.name,
    kind: c.kind,
    industryCode: c.industryCode,
    sourceChannel: c.sourceChannel,
    firstContactDate: c.firstContactDate,
    ownerId: c.ownerId,
    teamId: c.teamId,
    contactCount,
  };
}

async function insertCustomer(manager: EntityManager, customer: CustomerEntity): Promise<void> {
  await manager.insert(CustomerEntity, customer).catch(duplicateToConflict);
}

/**
 * DUPLICATE_CUSTOMER never names the customer already there (its stored name may differ from the one
 * given, and another rep's customer is none of the caller's business); its id comes along
 * (`extensions.customerId`) only when the caller may read that customer.
 */
function duplicateCustomer(readableId?: string): ConflictError {
  return new ConflictError('A customer with this name already exists in this team', 'DUPLICATE_CUSTOMER', readableId ? { customerId: readableId } : {});
}

/** The unique (team, normalized name) index wins a race between two creations: still a CONFLICT. */
export function duplicateToConflict(error: unknown): never {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  const constraint = e.driverError?.constraint ?? e.constraint;
  if (code === '23505' && constraint === 'customer_team_normalized_name') {
    throw duplicateCustomer();
  }
  throw error;
}

const STAGE_RANK = `CASE c.stage WHEN 'LEAD_NURTURING' THEN 0 WHEN 'NEEDS_CONFIRMED' THEN 1 WHEN 'PROPOSAL_PRESENTED' THEN 2
  WHEN 'NEGOTIATION' THEN 3 WHEN 'DEAL_SIGNING' THEN 4 WHEN 'AFTER_SALES' THEN 5 ELSE 6 END`;

/** The SQL sort key of an ordering (never null: missing dates sort last in either direction) and its type. */
function orderKey(orderBy: CustomerOrder): { sql: string; type: string } {
  const missing = orderBy.direction === OrderDirection.DESC ? `'-infinity'::timestamptz` : `'infinity'::timestamptz`;
  switch (orderBy.field) {
    case CustomerOrderField.NAME:
      return { sql: 'c.name', type: 'text' };
    case CustomerOrderField.STAGE:
      return { sql: STAGE_RANK, type: 'int' };
    case CustomerOrderField.LAST_INTERACTION:
      return {
        sql: `coalesce((SELECT max(i.occurred_at) FROM interaction i WHERE i.customer_id = c.id), ${missing})`,
        type: 'timestamptz',
      };
    case CustomerOrderField.NEXT_ACTION_DUE:
      return {
        sql: `coalesce((SELECT min(na.due_at) FROM next_action na WHERE na.customer_id = c.id AND na.status = 'OPEN'), ${missing})`,
        type: 'timestamptz',
      };
    case CustomerOrderField.UPDATED:
      return { sql: 'c.updated_at', type: 'timestamptz' };
    case CustomerOrderField.CREATED:
      return { sql: 'c.created_at', type: 'timestamptz' };
  }
}

function encodeOrderedCursor(orderBy: CustomerOrder, key: string, id: string): string {
  return Buffer.from(JSON.stringify([orderBy.field, orderBy.direction, key, id])).toString('base64url');
}

/** A cursor of the same ordering only: one from another ordering would skip or repeat customers. */
function decodeOrderedCursor(cursor: string, orderBy: CustomerOrder): { key: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw new BadInputError('after', 'INVALID_CURSOR', 'Malformed cursor');
  const [field, direction, key, id] = parsed as unknown[];
  if (field !== orderBy.field || direction !== orderBy.direction) {
    throw new BadInputError('after', 'INVALID_CURSOR', 'The cursor belongs to another ordering');
  }
  if (typeof key !== 'string' || typeof id !== 'string' || !isUuid(id) || key.length > 1000) {
    throw new BadInputError('after', 'INVALID_CURSOR', 'Malformed cursor');
  }
  if (orderKey(orderBy).type === 'timestamptz' && !/^(-?infinity|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?)$/.test(key)) {
    throw new BadInputError('after', 'INVALID_CURSOR', 'Malformed cursor');
  }
  if (orderKey(orderBy).type === 'int' && !/^\d{1,2}$/.test(key)) throw new BadInputError('after', 'INVALID_CURSOR', 'Malformed cursor');
  return { key, id };
}

export function encodeCursor(c: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.id])).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== 'string' || !isUuid(id) || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new BadInputError(field, 'INVALID_CURSOR', 'Malformed cursor');
  }
}
