import { buildSchema, execute, parse, validate, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { withInputFields } from './input-errors';
import { DateScalar, DateTimeScalar } from './scalars';

/** A schema shaped like the API's: an `input` argument with nested objects, lists, enums and our scalars. */
function apiSchema(): GraphQLSchema {
  const schema = buildSchema(`
    scalar DateTime
    scalar Date
    enum InteractionMethod { PHONE_CALL EMAIL }
    input NextActionInput { content: String! dueAt: DateTime! }
    input NeedInput { description: String! }
    input LogInteractionInput {
      customerId: ID! occurredAt: DateTime! method: InteractionMethod! summary: String!
      needs: [NeedInput!] nextAction: NextActionInput!
    }
    type Query { report(from: Date!, to: Date!, first: Int, ids: [ID!]): Int }
    type Mutation { logInteraction(input: LogInteractionInput!): Int reschedule(id: ID!, dueAt: DateTime!): Int }
  `);
  Object.assign(schema.getType('DateTime')!, {
    parseValue: DateTimeScalar.parseValue,
    parseLiteral: DateTimeScalar.parseLiteral,
  });
  Object.assign(schema.getType('Date')!, { parseValue: DateScalar.parseValue, parseLiteral: DateScalar.parseLiteral });
  return schema;
}

const good = {
  customerId: 'c1',
  occurredAt: '2024-03-20T14:30:00+08:00',
  method: 'PHONE_CALL',
  summary: 'agreed a demo',
  nextAction: { content: 'send the specification', dueAt: '2024-03-25T18:00:00+08:00' },
};

/** What GraphQL answers for an operation, with field and reason added: validation, then variable coercion. */
async function errorsOf(query: string, variables?: Record<string, unknown>) {
  const schema = apiSchema();
  const document = parse(query);
  const invalid = validate(schema, document);
  const raw: readonly GraphQLFormattedError[] = invalid.length
    ? invalid.map((e) => e.toJSON())
    : ((await execute({ schema, document, variableValues: variables })).errors ?? []).map((e) => e.toJSON());
  // Subgraphs and the gateway mark these BAD_USER_INPUT before adding the field.
  const typed: GraphQLFormattedError[] = raw.map((e) => ({ ...e, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } }));
  return withInputFields(schema, document, typed).map((e) => ({ field: e.extensions?.field, reason: e.extensions?.reason }));
}

const LOG = `mutation($input: LogInteractionInput!) { logInteraction(input: $input) }`;

describe('field and reason of a value GraphQL refuses', () => {
  it('places malformed variables by their input path, nested and in lists', async () => {
    expect(await errorsOf(LOG, { input: { ...good, occurredAt: '2024-03-20 14:30' } })).toEqual([{ field: 'occurredAt', reason: 'INVALID_DATE_TIME' }]);
    expect(await errorsOf(LOG, { input: { ...good, nextAction: { content: 'x', dueAt: 'tomorrow' } } })).toEqual([
      { field: 'nextAction.dueAt', reason: 'INVALID_DATE_TIME' },
    ]);
    expect(await errorsOf(LOG, { input: { ...good, method: 'FAX' } })).toEqual([{ field: 'method', reason: 'INVALID_ENUM_VALUE' }]);
    expect(await errorsOf(LOG, { input: { ...good, customerId: { id: 1 } } })).toEqual([{ field: 'customerId', reason: 'INVALID_ID' }]);
    expect(await errorsOf(LOG, { input: { ...good, needs: [{ description: 'ok' }, { description: 7 }] } })).toEqual([
      { field: 'needs.1.description', reason: 'INVALID_STRING' },
    ]);
    expect(await errorsOf(`query($ids: [ID!]) { report(from: "2024-03-01", to: "2024-03-31", ids: $ids) }`, { ids: ['a', true] })).toEqual([
      { field: 'ids.1', reason: 'INVALID_ID' },
    ]);
  });

  it('names the argument a variable is used in, whatever the variable is called', async () => {
    expect(await errorsOf(`mutation($when: DateTime!) { reschedule(id: "a1", dueAt: $when) }`, { when: '2024-03-20' })).toEqual([
      { field: 'dueAt', reason: 'INVALID_DATE_TIME' },
    ]);
    expect(await errorsOf(`query($f: Date!) { report(from: $f, to: "2024-03-31") }`, { f: '2024/03/01' })).toEqual([{ field: 'from', reason: 'INVALID_DATE' }]);
    expect(await errorsOf(`query($n: Int) { report(from: "2024-03-01", to: "2024-03-31", first: $n) }`, { n: 'ten' })).toEqual([
      { field: 'first', reason: 'INVALID_NUMBER' },
    ]);
    expect(await errorsOf(`mutation($d: DateTime!) { logInteraction(input: { customerId: "c", occurredAt: $d, method: EMAIL, summary: "s", nextAction: { content: "c", dueAt: "2024-03-25T18:00:00Z" } }) }`, {
      d: 'soon',
    })).toEqual([{ field: 'occurredAt', reason: 'INVALID_DATE_TIME' }]);
  });

  it('reports missing, null and unknown input fields and variables', async () => {
    const { summary: _omitted, ...withoutSummary } = good;
    expect(await errorsOf(LOG, { input: withoutSummary })).toEqual([{ field: 'summary', reason: 'REQUIRED' }]);
    expect(await errorsOf(LOG, { input: { ...good, occurredAt: null } })).toEqual([{ field: 'occurredAt', reason: 'REQUIRED' }]);
    expect(await errorsOf(LOG, { input: { ...good, bogus: 1 } })).toEqual([{ field: 'bogus', reason: 'UNKNOWN_FIELD' }]);
    expect(await errorsOf(LOG, {})).toEqual([{ field: 'input', reason: 'REQUIRED' }]);
    expect(await errorsOf(LOG, { input: { ...withoutSummary, nextAction: { content: 'a; b', dueAt: '2024-03-25T18:00:00Z' } } })).toEqual([
      { field: 'summary', reason: 'REQUIRED' },
    ]);
  });

  it('places malformed literals by their position in the operation', async () => {
    const literal = (fields: string) =>
      `mutation { logInteraction(input: { customerId: "c1", summary: "s", nextAction: { content: "c", dueAt: "2024-03-25T18:00:00+08:00" }, ${fields} }) }`;
    expect(await errorsOf(literal('occurredAt: "2024-03-20 14:30", method: PHONE_CALL'))).toEqual([{ field: 'occurredAt', reason: 'INVALID_DATE_TIME' }]);
    expect(await errorsOf(literal('occurredAt: "2024-03-20T14:30:00+08:00", method: FAX'))).toEqual([{ field: 'method', reason: 'INVALID_ENUM_VALUE' }]);
    expect(await errorsOf(literal('occurredAt: "2024-03-20T14:30:00+08:00", method: "PHONE_CALL"'))).toEqual([
      { field: 'method', reason: 'INVALID_ENUM_VALUE' },
    ]);
    expect(await errorsOf(literal('occurredAt: "2024-03-20T14:30:00+08:00", method: EMAIL, needs: [{ description: "a" }, { description: 3 }]'))).toEqual([
      { field: 'needs.1.description', reason: 'INVALID_STRING' },
    ]);
    expect(await errorsOf(literal('occurredAt: null, method: EMAIL'))).toEqual([{ field: 'occurredAt', reason: 'REQUIRED' }]);
    expect(await errorsOf(literal('occurredAt: "2024-03-20T14:30:00+08:00", method: EMAIL, colour: "red"'))).toEqual([
      { field: 'colour', reason: 'UNKNOWN_FIELD' },
    ]);
    expect(await errorsOf(literal('method: EMAIL'))).toEqual([{ field: 'occurredAt', reason: 'REQUIRED' }]);
    expect(await errorsOf(`query { report(from: "2024-02-30", to: "2024-03-31") }`)).toEqual([{ field: 'from', reason: 'INVALID_DATE' }]);
    expect(await errorsOf(`query { report(to: "2024-03-31") }`)).toEqual([{ field: 'from', reason: 'REQUIRED' }]);
  });

  it('leaves errors it cannot place, and errors that already name a field, as they are', () => {
    const schema = apiSchema();
    const document = parse(LOG);
    const errors = [
      { message: 'Cannot query field "x" on type "Query".', locations: [{ line: 1, column: 1 }], extensions: { code: 'BAD_USER_INPUT' } },
      { message: 'whatever', extensions: { code: 'BAD_USER_INPUT', field: 'nextAction.content', reason: 'VAGUE_NEXT_ACTION' } },
      { message: 'Variable "$input" got invalid value 1; nope', extensions: { code: 'CONFLICT' } },
    ];
    expect(withInputFields(schema, document, errors)).toEqual(errors);
    expect(withInputFields(schema, undefined, errors)).toEqual(errors);
  });
});
