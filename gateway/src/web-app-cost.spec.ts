import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind, type DocumentNode, getNamedType, getNullableType, isEnumType, isNonNullType, isInputObjectType, parse, typeFromAST, type GraphQLInputType, type OperationDefinitionNode } from 'graphql';
import { TEST_IDENTITY_ENV } from '@salestrail/testkit';
import { loadGatewayConfig } from './config';
import { operationCost } from './cost';

const schema = buildSchema(readFileSync(path.resolve(__dirname, '../supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
const WEB_SRC = path.resolve(__dirname, '../../apps/web/src');

/** The operations the web app sends: every `graphql(`…`)` document in its sources (the generated `gql/` left out). */
function webOperations(dir = WEB_SRC): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'gql') out.push(...webOperations(full));
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      for (const m of readFileSync(full, 'utf8').matchAll(/graphql\(`([\s\S]*?)`\)/g)) out.push({ file: path.relative(WEB_SRC, full), text: m[1]! });
    }
  }
  return out;
}

/** A value for a required variable; optional ones are left out, so page sizes count at their caps. */
function sample(type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if ('ofType' in inner && !isInputObjectType(inner) && !isEnumType(inner)) return [sample((inner as { ofType: GraphQLInputType }).ofType)];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(Object.values(named.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
  }
  switch (named.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'Date':
      return '2024-03-20';
    case 'DateTime':
      return '2024-03-20T14:30:00+08:00';
    default:
      return 'x';
  }
}

describe('the web app’s operations', () => {
  const limit = loadGatewayConfig({ AUTH_JWT_SECRET: 'a'.repeat(40), GATEWAY_IDENTITY_PRIVATE_KEY: TEST_IDENTITY_ENV.GATEWAY_IDENTITY_PRIVATE_KEY, NODE_ENV: 'test' }).GATEWAY_MAX_COST;
  const documents = webOperations().map((o) => ({ ...o, document: parse(o.text) }));
  // Fragments are documents of their own in the app; an operation is costed with every fragment it may spread.
  const fragments = documents.flatMap((d) => d.document.definitions.filter((def) => def.kind === Kind.FRAGMENT_DEFINITION));
  const operations = documents.filter((d) => d.document.definitions.some((def) => def.kind === Kind.OPERATION_DEFINITION));

  it('are found in the app’s sources', () => {
    expect(operations.length).toBeGreaterThan(10);
    expect(fragments.length).toBeGreaterThan(0);
  });

  it.each(operations.map((o) => [/(?:query|mutation) (\w+)/.exec(o.text)?.[1] ?? o.file, o] as const))('%s costs less than the gateway’s limit', (_name, op) => {
    const operation = op.document.definitions.find((def) => def.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
    const variables = Object.fromEntries(
      (operation.variableDefinitions ?? [])
        .filter((v) => v.type.kind === 'NonNullType')
        .map((v) => [v.variable.name.value, sample(typeFromAST(schema, v.type as never) as GraphQLInputType)]),
    );
    const cost = operationCost(schema, document, variables);
    expect(cost).not.toBeNull();
    expect(cost!).toBeLessThanOrEqual(limit);
  });
});
