import type { GraphQLField, GraphQLSchema } from 'graphql';
import { buildRecordsSchema } from './schema';

function signature(field: GraphQLField<unknown, unknown> | undefined): string {
  if (!field) return 'missing';
  const args = field.args.map((a) => `${a.name}: ${a.type.toString()}`).sort();
  return `(${args.join(', ')}): ${field.type.toString()}`;
}

describe('records subgraph schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildRecordsSchema();
  });

  it.each([
    ['Mutation', 'createCustomer', '(input: CreateCustomerInput!): Customer!'],
    ['Mutation', 'updateCustomer', '(expectedVersion: Int!, id: ID!, input: UpdateCustomerInput!): Customer!'],
    ['Mutation', 'logInteraction', '(input: LogInteractionInput!): Interaction!'],
    ['Mutation', 'changeStage', '(customerId: ID!, expectedVersion: Int!, reason: String, to: SalesStage!): Customer!'],
    ['Mutation', 'completeNextAction', '(id: ID!, note: String): NextAction!'],
    ['Mutation', 'rescheduleNextAction', '(dueAt: DateTime!, id: ID!, reason: String!): NextAction!'],
    ['Mutation', 'cancelNextAction', '(id: ID!, reason: String!): NextAction!'],
    ['Mutation', 'transferCustomers', '(customerIds: [ID!]!, reason: String!, toTeamId: ID, toUserId: ID!): [Customer!]!'],
    ['Mutation', 'archiveCustomer', '(customerId: ID!): Customer!'],
    ['Query', 'customer', '(id: ID!): Customer'],
    ['Query', 'customers', '(after: String, filter: CustomerFilter, first: Int, orderBy: CustomerOrder): CustomerConnection!'],
    ['Query', 'archivedSnapshot', '(customerId: ID!): ArchivedRecord'],
    ['Query', 'enumLabels', '(locale: String): [EnumLabel!]!'],
    ['Customer', 'interactions', '(after: String, first: Int): InteractionConnection!'],
    ['Customer', 'nextActions', '(status: NextActionStatus): [NextAction!]!'],
    ['Customer', 'needs', '(): [Need!]!'],
    ['Customer', 'painPoints', '(): [PainPoint!]!'],
    ['Customer', 'stageHistory', '(): [StageChange!]!'],
    ['Interaction', 'nextAction', '(): NextAction!'],
  ])('%s.%s has the contract signature', (type, field, expected) => {
    const t = schema.getType(type) as { getFields(): Record<string, GraphQLField<unknown, unknown>> };
    expect(signature(t.getFields()[field])).toBe(expected);
  });
});
