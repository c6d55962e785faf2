import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createIdentitySigner, IDENTITY_HEADER, requestOf } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';

/*
 * `node dist/bench/apollo-gateway.js <supergraph path> <port> <identity private key> <actor json> <subgraph urls json>`: @apollo/gateway
 * on the same supergraph, for the gateway comparison only. It signs every subgraph request for one fixed
 * actor (the subgraphs demand the signed identity); it checks no JWT and has no rate limit, so it does
 * less per request than the Hive gateway.
 */
async function main(): Promise<void> {
  const [supergraphPath, port, key, actorJson, urlsJson] = process.argv.slice(2);
  if (!supergraphPath || !port || !key || !actorJson || !urlsJson) throw new Error('usage: apollo-gateway <supergraph> <port> <key> <actor json> <subgraph urls json>');
  const urls = JSON.parse(urlsJson) as Record<string, string>;
  const actor = JSON.parse(actorJson) as Actor;
  const sign = createIdentitySigner(key);
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url: urls[name] ?? url,
        fetcher: async (input, init) => {
          const body = typeof init?.body === 'string' ? init.body : '';
          const request = requestOf(name, init?.method ?? 'POST', String(input), body);
          const headers = { ...(init?.headers as Record<string, string>), [IDENTITY_HEADER]: sign(actor, request) };
          return fetch(input, { ...init, headers } as RequestInit) as never;
        },
      }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(port), host: '127.0.0.1' } });
  console.log(`apollo gateway ready at ${url}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
