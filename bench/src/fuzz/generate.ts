import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { Prng } from '../seed/prng';
import { ssrfCases } from './ssrf';

/** One request of the bad-input campaign. */
export interface FuzzCase {
  category: string;
  name: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  query?: string;
  /** Mutations must be refused; read-only queries may answer with data. */
  mutation: boolean;
  /** False only for read-only requests whose odd input is still a legal question (a search for "' OR 1=1"). */
  mustFail: boolean;
  /** The refusal the answer must carry, when one particular rule is what the case attacks (its code, and the field or reason it names). */
  expectError?: { code: string; field?: string; reason?: string };
  /** Where it is sent when not to the gateway's GraphQL endpoint (a subgraph port), query string included. */
  url?: string;
  /** The one HTTP status that counts as refused (a replayed identity: 401). */
  expectStatus?: number;
}

export interface FuzzContext {
  token: string;
  /** Ids of real records, so that broken inputs reach the rules rather than NOT_FOUND. */
  ids: { customerId: string; otherIds: string[] };
  badTokens: Array<{ name: string; header: string }>;
  /** Families built from the running system (captured traffic): part of the fixed cases. */
  captured?: FuzzCase[];
  /** An ADMIN and an existing team, for the families that need them. */
  admin: { token: string; teamId: string };
}

/** The public schema of the supergraph (federation plumbing left out). */
export function publicSchema(supergraphSdl: string): GraphQLSchema {
  return buildSchema(supergraphSdl, { assumeValidSDL: true });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const INJECTIONS = [
  "' OR '1'='1",
  '1; DROP TABLE customer; --',
  '../../../../etc/passwd',
  '${jndi:ldap://127.0.0.1/x}',
  '<script>alert(1)</script>',
  'a\u0000b',
  '\\x00\\xff',
  '%00',
  '{"$gt": ""}',
];
const BAD_DATES = ['2024-02-30', 'not-a-date', '2024-13-01', '20240315', ''];
const BAD_DATETIMES = [
  '2024-03-20T14:30:00',
  '2024-03-20 14:30',
  'yesterday',
  '2024-02-30T10:00:00Z',
  '1e12',
  '',
];
const FUTURE_FIELDS = new Set(['occurredAt', 'firstContactDate']);

/** A plausible value of an input type: the base that one break then spoils. */
function plausible(type: GraphQLInputType, field: string, ctx: FuzzContext, depth = 0): Json {
  if (isNonNullType(type)) return plausible(type.ofType, field, ctx, depth);
  if (isListType(type)) return [plausible(type.ofType as GraphQLInputType, field, ctx, depth + 1)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.name;
  if (isInputObjectType(named)) {
    if (depth > 4) return {};
    const out: { [k: string]: Json } = {};
    for (const f of Object.values(named.getFields())) out[f.name] = plausible(f.type, f.name, ctx, depth + 1);
    return out;
  }
  switch (named.name) {
    case 'ID':
      return /customer/i.test(field) || field === 'id'
        ? ctx.ids.customerId
        : (ctx.ids.otherIds[0] ?? ctx.ids.customerId);
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'Date':
      return '2024-03-15';
    case 'DateTime':
      return /due/i.test(field) ? '2030-03-25T18:00:00+08:00' : '2024-03-20T14:30:00+08:00';
    default:
      return /content/i.test(field) ? '发送产品详细参数表至客户邮箱' : `测试${field}`;
  }
}

interface Slot {
  path: Array<string | number>;
  type: GraphQLInputType;
  field: string;
}

/** Every place in a variables object where a break can be applied. */
function slots(
  type: GraphQLInputType,
  path: Array<string | number>,
  field: string,
  out: Slot[],
  depth = 0,
): void {
  out.push({ path, type, field });
  if (depth > 4) return;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    slots(inner.ofType as GraphQLInputType, [...path, 0], field, out, depth + 1);
    return;
  }
  const named = getNamedType(inner);
  if (isInputObjectType(named)) {
    for (const f of Object.values(named.getFields()))
      slots(f.type, [...path, f.name], f.name, out, depth + 1);
  }
}

function setAt(root: { [k: string]: Json }, path: Array<string | number>, value: Json | undefined): void {
  let node: Json = root;
  for (const key of path.slice(0, -1)) node = (node as Record<string, Json>)[key as string] as Json;
  const last = path[path.length - 1]!;
  if (value === undefined) delete (node as Record<string, Json>)[last as string];
  else (node as Record<string, Json>)[last as string] = value;
}

/** The breaks that make a value at a slot invalid, each with a name. */
function breaksFor(slot: Slot): Array<{ name: string; value: Json | undefined }> {
  const out: Array<{ name: string; value: Json | undefined }> = [];
  const required = isNonNullType(slot.type);
  const inner = isNonNullType(slot.type) ? slot.type.ofType : slot.type;
  const named = getNamedType(inner);
  if (required) {
    out.push({ name: 'null for a required value', value: null });
    if (typeof slot.path[slot.path.length - 1] === 'string')
      out.push({ name: 'required value missing', value: undefined });
  }
  if (isListType(inner)) {
    out.push({ name: 'object instead of a list', value: { not: 'a list' } });
    out.push({ name: 'huge list', value: Array.from({ length: 3000 }, () => 'x') });
    return out;
  }
  if (isInputObjectType(named)) {
    out.push({ name: 'string instead of an object', value: 'not an object' });
    out.push({ name: 'unknown field', value: { __bogus: 1 } });
    return out;
  }
  if (isEnumType(named)) {
    out.push({ name: 'unknown enum value', value: 'NOT_A_VALUE' });
    out.push({ name: 'number instead of an enum', value: 3 });
    return out;
  }
  if (isScalarType(named)) {
    switch (named.name) {
      case 'Int':
        out.push({ name: 'string instead of Int', value: 'abc' });
        out.push({ name: 'Int out of 32-bit range', value: 2 ** 40 });
        out.push({ name: 'negative Int', value: -5 });
        break;
      case 'Boolean':
        out.push({ name: 'string instead of Boolean', value: 'yes' });
        break;
      case 'Date':
        for (const d of BAD_DATES.slice(0, 3)) out.push({ name: `bad Date ${JSON.stringify(d)}`, value: d });
        if (FUTURE_FIELDS.has(slot.field)) out.push({ name: 'future date', value: '2999-01-01' });
        break;
      case 'DateTime':
        for (const d of BAD_DATETIMES.slice(0, 4))
          out.push({ name: `bad DateTime ${JSON.stringify(d)}`, value: d });
        if (FUTURE_FIELDS.has(slot.field))
          out.push({ name: 'future date-time', value: '2999-01-01T00:00:00Z' });
        break;
      case 'ID':
        for (const s of INJECTIONS.slice(0, 4))
          out.push({ name: `hostile id ${JSON.stringify(s)}`, value: s });
        out.push({ name: 'object instead of ID', value: { id: 1 } });
        break;
      default:
        out.push({ name: 'huge string', value: 'x'.repeat(100_000) });
        out.push({ name: 'number instead of String', value: 42 });
        if (/content/i.test(slot.field)) out.push({ name: 'vague next action', value: '跟进客户' });
    }
  }
  return out;
}

function printType(type: GraphQLInputType): string {
  return type.toString();
}

/** A selection for a field's result type: scalars only, a level deep. */
function selection(type: GraphQLNamedType, depth = 0): string {
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
  const leaves = fields.filter((f) => !isObjectType(getNamedType(f.type))).map((f) => f.name);
  if (leaves.length > 0 || depth > 0)
    return `{ ${leaves.length ? leaves.slice(0, 6).join(' ') : '__typename'} }`;
  const nested = fields.find((f) => isObjectType(getNamedType(f.type)));
  return nested ? `{ ${nested.name} ${selection(getNamedType(nested.type), depth + 1)} }` : '{ __typename }';
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${printType(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const head = vars ? `${kind} Fuzz(${vars})` : `${kind} Fuzz`;
  return `${head} { ${field.name}${args ? `(${args})` : ''} ${selection(getNamedType(field.type))} }`;
}

function post(
  ctx: FuzzContext,
  payload: unknown,
  extraHeaders: Record<string, string> = {},
): Pick<FuzzCase, 'method' | 'headers' | 'body'> {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.token}`, ...extraHeaders },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  };
}

/** Cases built from the schema: each root field with one argument value broken at a time. */
function schemaCases(schema: GraphQLSchema, ctx: FuzzContext): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const roots: Array<['query' | 'mutation', GraphQLObjectType | null | undefined]> = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  for (const [kind, root] of roots) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      if (field.name.startsWith('_')) continue;
      const query = operationFor(kind, field);
      const base: { [k: string]: Json } = {};
      for (const arg of field.args) base[arg.name] = plausible(arg.type, arg.name, ctx);
      const all: Slot[] = [];
      field.args.forEach((arg: GraphQLArgument) => slots(arg.type, [arg.name], arg.name, all));
      for (const slot of all) {
        for (const brk of breaksFor(slot)) {
          const variables = structuredClone(base);
          setAt(variables, slot.path, brk.value);
          cases.push({
            category: kind === 'mutation' ? 'invalid mutation input' : 'invalid query input',
            name: `${field.name}(${slot.path.join('.')}): ${brk.name}`,
            ...post(ctx, { query, variables }),
            mutation: kind === 'mutation',
            mustFail: true,
          });
        }
      }
      if (kind === 'mutation') {
        // The operation with no variables at all (every required argument missing).
        if (field.args.some((a) => isNonNullType(a.type))) {
          cases.push({
            category: 'invalid mutation input',
            name: `${field.name}: no variables`,
            ...post(ctx, { query }),
            mutation: true,
            mustFail: true,
          });
        }
        // A well-formed call without a token.
        cases.push({
          category: 'authentication',
          name: `${field.name}: no token`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables: base }),
          mutation: true,
          mustFail: true,
        });
      }
    }
  }
  return cases;
}

/**
 * A query nested `depth` levels through object fields that take no required arguments, following a cycle
 * of the type graph when there is one (Customer -> Review -> Customer); otherwise as deep as the schema
 * allows, padded with unknown fields (refused anyway).
 */
export function deepQuery(schema: GraphQLSchema, depth: number): string {
  const objectFields = (t: GraphQLObjectType) =>
    Object.values(t.getFields()).filter(
      (f) => isObjectType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)),
    );
  let type = schema.getQueryType()!;
  const opened: string[] = [];
  for (let i = 0; i < depth; i++) {
    const next = objectFields(type)[i % Math.max(1, objectFields(type).length)];
    if (!next) break;
    opened.push(next.name);
    type = getNamedType(next.type) as GraphQLObjectType;
  }
  const pad = depth - opened.length;
  return `{ ${opened.map((n) => `${n} { `).join('')}${'x { '.repeat(pad)}__typename${' }'.repeat(depth)} }`;
}

/** Hostile documents and transports, independent of any one field. */
function hostileCases(schema: GraphQLSchema, ctx: FuzzContext): FuzzCase[] {
  const c = (
    category: string,
    name: string,
    req: Pick<FuzzCase, 'method' | 'headers' | 'body' | 'query'>,
    mutation = false,
  ): FuzzCase => ({
    category,
    name,
    ...req,
    mutation,
    mustFail: true,
  });
  const out: FuzzCase[] = [];
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
  const deep = (n: number) => deepQuery(schema, n);
  out.push(c('query shape', 'syntax error', post(ctx, { query: '{ customers { ' })));
  out.push(c('query shape', 'unknown field', post(ctx, { query: '{ nope }' })));
  out.push(c('query shape', 'empty query', post(ctx, { query: '' })));
  out.push(c('query shape', 'query not a string', post(ctx, { query: 5 })));
  out.push(
    c(
      'query shape',
      'variables not an object',
      post(ctx, { query: '{ customers { totalCount } }', variables: 'x' }),
    ),
  );
  out.push(
    c(
      'query shape',
      'unknown operationName',
      post(ctx, { query: 'query A { __typename }', operationName: 'B' }),
    ),
  );
  out.push(
    c('query shape', 'two anonymous operations', post(ctx, { query: '{ __typename } { __typename }' })),
  );
  out.push(
    c(
      'query shape',
      'fragment cycle',
      post(ctx, { query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }),
    ),
  );
  out.push(c('query shape', 'bad directive argument', post(ctx, { query: '{ __typename @skip(if: "x") }' })));
  out.push(c('query shape', 'introspection', post(ctx, { query: '{ __schema { types { name } } }' })));
  out.push(c('query shape', 'deep nesting', post(ctx, { query: deep(60) })));
  out.push(c('query shape', '2000 aliases', post(ctx, { query: aliases(2000) })));
  out.push(
    c(
      'query shape',
      'aliased expensive lists',
      post(ctx, {
        query: `{ ${Array.from({ length: 200 }, (_, i) => `c${i}: customers(first: 100) { totalCount edges { node { id name } } }`).join(' ')} }`,
      }),
    ),
  );
  out.push(
    c(
      'query shape',
      'page size over the maximum',
      post(ctx, { query: '{ customers(first: 100000) { totalCount } }' }),
    ),
  );
  const mutationField = Object.keys(schema.getMutationType()?.getFields() ?? {})[0] ?? 'createCustomer';
  out.push(
    c(
      'transport',
      'batched operations',
      post(
        ctx,
        Array.from({ length: 50 }, () => ({ query: '{ __typename }' })),
      ),
    ),
  );
  out.push(c('transport', 'malformed JSON', post(ctx, '{"query": "{ __typename }"')));
  out.push(c('transport', 'JSON null body', post(ctx, 'null')));
  out.push(c('transport', 'JSON string body', post(ctx, '"{ __typename }"')));
  out.push(c('transport', 'empty body', post(ctx, '')));
  out.push(
    c(
      'transport',
      'body over the size limit',
      post(ctx, { query: '{ __typename }', variables: { pad: 'x'.repeat(2_000_000) } }),
    ),
  );
  out.push(
    c(
      'transport',
      'text/plain content type',
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${ctx.token}` },
        body: JSON.stringify({ query: `mutation { ${mutationField} }` }),
      },
      true,
    ),
  );
  out.push(
    c('transport', 'form content type', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${ctx.token}` },
      body: 'query=%7B__typename%7D',
    }),
  );
  out.push(
    c(
      'transport',
      'mutation over GET',
      {
        method: 'GET',
        headers: { authorization: `Bearer ${ctx.token}`, 'x-graphql-csrf': '1' },
        query: `mutation { ${mutationField}(input: {}) { __typename } }`,
      },
      true,
    ),
  );
  for (const bad of ctx.badTokens) {
    out.push(
      c('authentication', bad.name, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bad.header },
        body: JSON.stringify({ query: '{ customers { totalCount } }' }),
      }),
    );
  }
  return out;
}

/** Read-only questions with hostile text: legal, so they may answer with data, but must change nothing. */
function hostileSearches(ctx: FuzzContext): FuzzCase[] {
  return INJECTIONS.map((s) => ({
    category: 'hostile search',
    name: `search ${JSON.stringify(s)}`,
    ...post(ctx, {
      query: 'query($s: String) { customers(filter: { search: $s }) { totalCount } }',
      variables: { s },
    }),
    mutation: false,
    mustFail: false,
  }));
}

/**
 * Variable-sized alias bombs: aliases times page sizes given in variables (or left to their cap by
 * absent ones), nested. Each is under the alias and depth limits, so only the cost limit, which runs
 * before the query plan, stands between it and the subgraphs: QUERY_TOO_COSTLY, nothing changed.
 */
function variableAliasBombs(ctx: FuzzContext): FuzzCase[] {
  const times = (n: number, field: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => field(i)).join(' ');
  const pages = (n: number, size: string) =>
    times(n, (i) => `i${i}: interactions(first: ${size}) { edges { node { id summary } } }`);
  const inCustomers = (size: string, inner: string) =>
    `customers(first: ${size}) { edges { node { id ${inner} } } }`;
  const bomb = (
    name: string,
    payload: { query: string; variables?: Record<string, Json>; operationName?: string },
    mutation = false,
  ): FuzzCase => ({
    category: 'variable-sized alias bombs',
    name,
    ...post(ctx, payload),
    mutation,
    mustFail: true,
    expectError: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' },
  });
  const vars = 'query Bomb($n: Int, $m: Int)';
  const classic = `${vars} { ${inCustomers('$n', pages(15, '$m'))} }`;
  return [
    bomb('15 interaction pages in a customer page, sizes in variables', {
      query: classic,
      variables: { n: 100, m: 100 },
    }),
    bomb('the same with no variables given (sizes at their cap)', { query: classic }),
    bomb('the same with only the outer size given', { query: classic, variables: { n: 100 } }),
    bomb('the same with null sizes', { query: classic, variables: { n: null, m: null } }),
    bomb("sizes from the variables' defaults", {
      query: `query Bomb($n: Int = 100, $m: Int = 100) { ${inCustomers('$n', pages(15, '$m'))} }`,
      variables: {},
    }),
    bomb('a literal customer page, variable interaction pages', {
      query: `query Bomb($m: Int) { ${inCustomers('100', pages(12, '$m'))} }`,
      variables: { m: 100 },
    }),
    bomb('one interaction page under a customer page, no sizes given', {
      query: `${vars} { ${inCustomers('$n', pages(1, '$m'))} }`,
    }),
    bomb('aliased customer pages, each with aliased interaction pages', {
      query: `${vars} { ${times(3, (i) => `c${i}: ${inCustomers('$n', pages(4, '$m'))}`)} }`,
      variables: { n: 100, m: 100 },
    }),
    bomb('pages behind fragments and inline fragments', {
      query: `${vars} { ${inCustomers('$n', '...Pages')} } fragment Pages on Customer { ... on Customer { ${pages(15, '$m')} } }`,
      variables: { n: 100, m: 100 },
    }),
    bomb('pages behind @include(if: $on)', {
      query: `query Bomb($n: Int, $m: Int, $on: Boolean!) { ${inCustomers('$n', `... @include(if: $on) { ${pages(15, '$m')} }`)} }`,
      variables: { n: 100, m: 100, on: true },
    }),
    bomb('the bomb chosen by operationName next to a cheap operation', {
      query: `query Cheap { __typename } ${classic}`,
      variables: { n: 100, m: 100 },
      operationName: 'Bomb',
    }),
    bomb('15 access-log pages of a variable size', {
      query: `query Bomb($n: Int) { ${times(15, (i) => `l${i}: accessLog(first: $n) { id at userId role teamId action customerId requestId detail }`)} }`,
      variables: { n: 500 },
    }),
    bomb(
      'a mutation answering with aliased interaction pages of every customer it moves',
      {
        query: `mutation Bomb($ids: [ID!]!, $m: Int) { transferCustomers(customerIds: $ids, toUserId: "rep-bomb", reason: "bomb") { ${pages(15, '$m')} } }`,
        variables: { ids: Array.from({ length: 10 }, () => ctx.ids.customerId), m: 100 },
      },
      true,
    ),
  ];
}

/** Every case the schema and the fixed lists give; `count` of them are drawn with the seed. */
export function generateCases(
  schema: GraphQLSchema,
  ctx: FuzzContext,
  count: number,
  seed: number,
): FuzzCase[] {
  const fixed = [
    ...hostileCases(schema, ctx),
    ...hostileSearches(ctx),
    ...variableAliasBombs(ctx),
    ...ssrfCases(ctx),
    ...(ctx.captured ?? []),
  ];
  const generated = schemaCases(schema, ctx);
  const prng = new Prng(seed);
  const random = () => prng.next();
  // Shuffle the generated ones deterministically, then take what the count leaves after the fixed ones.
  for (let i = generated.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [generated[i], generated[j]] = [generated[j]!, generated[i]!];
  }
  const wanted = Math.max(0, count - fixed.length);
  const picked: FuzzCase[] = [];
  for (let i = 0; picked.length < wanted && generated.length > 0; i++)
    picked.push(generated[i % generated.length]!);
  return count <= fixed.length ? fixed.slice(0, count) : [...fixed, ...picked];
}
