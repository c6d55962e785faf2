import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getNullableType, isListType, isObjectType, parse } from 'graphql';
import { MAX_EXPORT_LOG_PAGE } from '@salestrail/analytics/dist/export/export-log.service';
import { MAX_STAGE_CUSTOMERS } from '@salestrail/analytics/dist/funnel/funnel.service';
import { MAX_ACCESS_LOG_PAGE } from '@salestrail/records/dist/access-log/access-log.service';
import { MAX_TO_ARCHIVE } from '@salestrail/records/dist/archive/archive.service';
import { MAX_PAGE_SIZE } from '@salestrail/records/dist/customers/customer.service';
import { MAX_MATCHES } from '@salestrail/records/dist/duplicates/duplicates.repository';
import { MAX_SIMILAR } from '@salestrail/records/dist/duplicates/duplicates.service';
import { INDUSTRY_LEVELS, listIndustries } from '@salestrail/records/dist/industries/industries';
import { MAX_INTERACTION_PAGE } from '@salestrail/records/dist/interactions/interaction.service';
import { MAX_OPEN_ACTIONS_PAGE } from '@salestrail/records/dist/next-actions/next-action.service';
import { HOLDINGS_LISTED, MAX_USER_PAGE } from '@salestrail/workflow/dist/directory/user.repository';
import { MAX_EMAIL_NOTIFICATION_PAGE } from '@salestrail/workflow/dist/email/email-channel.service';
import { MAX_HAND_OVER_LIST } from '@salestrail/workflow/dist/hand-overs/hand-over.service';
import { MAX_WEEKLY_SUBMISSION } from '@salestrail/workflow/dist/reviews/review.service';
import { TEAM_WEEK_RECORDS_LISTED } from '@salestrail/workflow/dist/team-week/team-week.service';
import { itemsOf, operationCost } from './cost';
import { INDUSTRY_ENTRIES, INDUSTRY_MOST_CHILDREN, LIST_SIZES, RECORD_LIST_SIZE } from './list-sizes';

const schema = buildSchema(readFileSync(path.resolve(__dirname, '../supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
const cost = (document: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  operationCost(schema, parse(document), variables, operationName);

/** The alias bomb: `aliases` pages of interactions under a page of customers, both sized by variables. */
const bomb = (aliases: number, head = 'query Bomb($n: Int, $m: Int)') =>
  `${head} { customers(first: $n) { edges { node { ${Array.from(
    { length: aliases },
    (_, i) => `a${i}: interactions(first: $m) { edges { node { id } } }`,
  ).join(' ')} } } } }`;

describe('operation cost', () => {
  it('counts page sizes given in variables, multiplied through nesting', () => {
    // Each field is 1 plus its selection, times its items: interactions m × (1 + edges (1 + node (1 + id))),
    // fifteen of them in a node (1 + …), in edges (1 + …), in customers n × (1 + …).
    const expected = (n: number, m: number) => n * (1 + (1 + (1 + 15 * m * (1 + (1 + (1 + 1))))));
    expect(cost(bomb(15), { n: 100, m: 100 })).toBe(expected(100, 100));
    expect(expected(100, 100)).toBeGreaterThan(30_000);
    expect(cost(bomb(15), { n: 2, m: 3 })).toBe(expected(2, 3));
    // The same document with literals costs the same.
    expect(cost(bomb(15, 'query Bomb').replace('first: $n', 'first: 100').replaceAll('first: $m', 'first: 100'), {})).toBe(cost(bomb(15), { n: 100, m: 100 }));
  });

  it('counts an absent page size, or an absent variable, at the page cap', () => {
    const capped = cost(bomb(1), { n: 100, m: 100 });
    expect(cost(bomb(1), {})).toBe(capped);
    expect(cost(bomb(1), { n: 100 })).toBe(capped);
    expect(cost(bomb(1), { n: null, m: null })).toBe(capped);
    expect(cost('{ customers { edges { node { interactions { edges { node { id } } } } } } }')).toBe(capped);
    // A variable's default value is its value when the request gives none.
    expect(cost(bomb(1, 'query Bomb($n: Int = 3, $m: Int = 4)'), {})).toBe(cost(bomb(1), { n: 3, m: 4 }));
    // A page over the cap is refused by the service itself, so it counts as the cap.
    expect(cost(bomb(1), { n: 100_000, m: 100 })).toBe(capped);
  });

  it('sees pages through fragments, inline fragments and @include', () => {
    const viaFragments = `query ($m: Int) { customers(first: 100) { edges { node { ...F } } } }
      fragment F on Customer { ... on Customer { interactions(first: $m) { edges { node { id } } } } }`;
    expect(cost(viaFragments, { m: 100 })).toBe(cost(bomb(1), { n: 100, m: 100 }));
    const included = `query ($m: Int, $on: Boolean!) { customers(first: 100) { edges { node { id interactions(first: $m) @include(if: $on) { totalCount } } } } }`;
    expect(cost(included, { m: 100, on: true })).toBeGreaterThan(cost(included, { m: 100, on: false })!);
  });

  it('counts lists without a page argument at their size, and mutations by what they answer with', () => {
    expect(cost('{ customer(id: "c") { contacts { id name } } }')).toBe(1 + RECORD_LIST_SIZE * (1 + 2));
    expect(cost('{ notifications { id } }')).toBe(500 * 2);
    const transfer = 'mutation ($ids: [ID!]!) { transferCustomers(customerIds: $ids, toUserId: "u", reason: "r") { id } }';
    expect(cost(transfer, { ids: ['a', 'b', 'c'] })).toBe(3 * 2);
  });

  it('leaves variables that do not fit the operation to execution, which refuses them', () => {
    expect(cost(bomb(1), { n: 'many' })).toBeNull();
    expect(cost('query A { __typename }', {}, 'B')).toBeNull();
  });

  it('refuses to cost a document past the field budget (fragments spread again and again)', () => {
    const spreads = (name: string, next: string) => `fragment ${name} on Query { ${Array.from({ length: 10 }, () => `...${next}`).join(' ')} }`;
    const document = `{ ...A } ${spreads('A', 'B')} ${spreads('B', 'C')} ${spreads('C', 'D')} ${spreads('D', 'E')} fragment E on Query { __typename }`;
    expect(cost(document)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('list sizes', () => {
  const fields = Object.values(schema.getTypeMap()).flatMap((t) =>
    isObjectType(t) && !t.name.startsWith('__') ? Object.values(t.getFields()).map((field) => ({ type: t.name, field })) : [],
  );

  it('names every paged field of the supergraph with the page cap of the service that owns it', () => {
    const paged = fields.filter(({ field }) => field.args.some((a) => a.name === 'first')).map(({ type, field }) => `${type}.${field.name}`);
    expect(paged.sort()).toEqual(Object.keys(LIST_SIZES).filter((k) => 'page' in LIST_SIZES[k]!).sort());
    expect(LIST_SIZES['Query.customers']).toEqual({ page: 'first', max: MAX_PAGE_SIZE });
    expect(LIST_SIZES['Customer.interactions']).toEqual({ page: 'first', max: MAX_INTERACTION_PAGE });
    expect(LIST_SIZES['Query.accessLog']).toEqual({ page: 'first', max: MAX_ACCESS_LOG_PAGE });
    expect(LIST_SIZES['Query.customersToArchive']).toEqual({ page: 'first', max: MAX_TO_ARCHIVE });
    expect(LIST_SIZES['Query.archivedRecords']).toEqual({ page: 'first', max: MAX_TO_ARCHIVE });
    expect(LIST_SIZES['Query.exportLog']).toEqual({ page: 'first', max: MAX_EXPORT_LOG_PAGE });
    expect(LIST_SIZES['Query.funnelStageCustomers']).toEqual({ page: 'first', max: MAX_STAGE_CUSTOMERS });
    expect(LIST_SIZES['Query.users']).toEqual({ page: 'first', max: MAX_USER_PAGE });
    expect(LIST_SIZES['Query.handOvers']).toEqual({ page: 'first', max: MAX_HAND_OVER_LIST });
    expect(LIST_SIZES['Query.emailNotifications']).toEqual({ page: 'first', max: MAX_EMAIL_NOTIFICATION_PAGE });
    expect(LIST_SIZES['UserHoldings.customers']).toEqual({ size: HOLDINGS_LISTED });
    expect(LIST_SIZES['Query.similarCustomers']).toEqual({ page: 'first', max: MAX_SIMILAR });
    expect(LIST_SIZES['Customer.possibleDuplicates']).toEqual({ size: MAX_MATCHES });
    expect(LIST_SIZES['Query.myNextActions']).toEqual({ page: 'first', max: MAX_OPEN_ACTIONS_PAGE });
    expect(LIST_SIZES['Query.weeklySubmission']).toEqual({ size: MAX_WEEKLY_SUBMISSION });
    expect(LIST_SIZES['TeamWeekPerson.changedRecords']).toEqual({ size: TEAM_WEEK_RECORDS_LISTED });
  });

  it('counts industries at what records can answer for the arguments given, never less', () => {
    const industries = schema.getQueryType()!.getFields()['industries']!;
    const items = (args: Record<string, unknown>) => itemsOf('Query', industries, args);
    const all = INDUSTRY_LEVELS.flatMap((level) => listIndustries({ level }));
    for (const level of INDUSTRY_LEVELS) {
      expect({ level, items: items({ level }) }).toEqual({ level, items: listIndustries({ level }).length });
      expect(INDUSTRY_ENTRIES[level]).toBe(listIndustries({ level }).length);
    }
    // The children of any entry: the most any has.
    const children = all.map((entry) => listIndustries({ parent: entry.code }).length);
    expect(Math.max(...children)).toBe(INDUSTRY_MOST_CHILDREN);
    expect(items({ parent: 'C36' })).toBe(INDUSTRY_MOST_CHILDREN);
    expect(items({})).toBe(listIndustries({}).length);
    expect(items({ parent: '  ' })).toBe(listIndustries({}).length);
    // A search reaches every level: as many as the standard has ("1" matches most codes).
    expect(items({ search: '1' })).toBe(all.length);
    expect(listIndustries({ search: '1' }).length).toBeLessThanOrEqual(all.length);
    // A cascader's questions in one request stay far below the cost limit.
    const cascade = `{ sections: industries(level: SECTION) { code name hasChildren } divisions: industries { code }
      groups: industries(parent: "C36") { code name hasChildren } found: industries(search: "新能源车") { code name pathNames } }`;
    expect(cost(cascade)).toBe(20 * 4 + 97 * 2 + INDUSTRY_MOST_CHILDREN * 4 + all.length * (1 + 1 + 1 + 4));
  });

  it('names only fields that exist, and only lists among those without a page argument', () => {
    const byName = new Map(fields.map(({ type, field }) => [`${type}.${field.name}`, field]));
    for (const [name, size] of Object.entries(LIST_SIZES)) {
      const field = byName.get(name);
      expect({ name, exists: Boolean(field) }).toEqual({ name, exists: true });
      if (!('page' in size)) expect({ name, list: isListType(getNullableType(field!.type)) }).toEqual({ name, list: true });
    }
  });
});
