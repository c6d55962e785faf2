import { composeServices } from '@theguild/federation-composition';
import { parse, type GraphQLSchema } from 'graphql';
import { printSubgraphSchema } from '@apollo/subgraph';

export interface SubgraphDefinition {
  name: string;
  url: string;
  schema: GraphQLSchema;
}

/** Composes the supergraph SDL from each subgraph's printed SDL; throws listing every composition error. */
export function composeSupergraph(subgraphs: SubgraphDefinition[]): string {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(printSubgraphSchema(s.schema)) })),
  );
  if (result.errors && result.errors.length > 0) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl!;
}
