import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort, waitFor } from '@salestrail/testkit';
import type { SeededSystem } from './seeded-system';
import { httpLoad, type HttpLoadResult } from './http-load';
import { BENCH_MANAGER, BENCH_TEAM, dashboardPages, pageVariables } from './read';
import { ms, ratio, table, type Budget } from './stats';

/** 50 customers from records, each with its latest review from workflow: one entity fetch. */
const TWO_SUBGRAPHS = `query TwoSubgraphs($teamId: ID!, $after: String) {
  customers(filter: { teamId: $teamId }, first: 50, after: $after) { edges { node { id name stage ownerId latestReview { status submittedAt } } } }
}`;

export interface GatewayComparison {
  clients: number;
  hive: HttpLoadResult;
  apollo: HttpLoadResult;
}

/**
 * Hive Gateway (the product's) against @apollo/gateway on the same supergraph and subgraphs. Request i
 * reads page i mod n of team-01 (the Apollo gateway signs one fixed identity, its manager's), so that
 * neither gateway can share one upstream request between identical requests in flight.
 */
export async function runGatewayComparison(s: SeededSystem, budget: Budget, clients: number): Promise<GatewayComparison> {
  const port = await freePort();
  // The built entry (this module also runs from src under jest).
  const root = path.resolve(__dirname, '../../..');
  // The supergraph names the subgraphs' default URLs; point them at this system's ports.
  const subgraphs = Object.fromEntries((['records', 'workflow', 'analytics'] as const).map((n) => [n, `http://127.0.0.1:${s.system.ports[n]}/graphql`]));
  const child = spawn(process.execPath, [path.join(root, 'bench/dist/bench/apollo-gateway.js'), path.join(root, 'gateway/supergraph.graphql'), String(port), s.identityPrivateKey, JSON.stringify(BENCH_MANAGER), JSON.stringify(subgraphs)], {
    cwd: root,
    env: { NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  try {
    const url = `http://127.0.0.1:${port}/`;
    const pages = (await dashboardPages(s)).filter((p) => p.teamId === BENCH_TEAM).map((p) => JSON.stringify({ query: TWO_SUBGRAPHS, variables: pageVariables(p) }));
    const body = pages[0]!;
    const bodyAt = (i: number) => pages[i % pages.length]!;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`apollo gateway exited: ${output.join('')}`);
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch(() => null);
        if (!res) return undefined;
        const json = (await res.json()) as { data?: { customers?: { edges: unknown[] } }; errors?: unknown };
        if (json.errors || !json.data?.customers?.edges.length) throw new Error(`apollo gateway query failed: ${JSON.stringify(json.errors)}`);
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'apollo gateway' },
    );
    const token = await s.token('SALES_MANAGER', BENCH_MANAGER.userId, BENCH_TEAM);
    const hive = await httpLoad({ url: s.system.gatewayUrl, connections: clients, budget, headers: { authorization: `Bearer ${token}` }, body: bodyAt });
    const apollo = await httpLoad({ url, connections: clients, budget, headers: {}, body: bodyAt });
    return { clients, hive, apollo };
  } finally {
    child.kill('SIGTERM');
  }
}

export function formatGateways(c: GatewayComparison): string {
  return table(
    ['clients', 'gateway', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'p95 / Hive p95', 'failed'],
    [
      [c.clients, 'Hive Gateway (JWT, rate limit, Rust planner)', ms(c.hive.p50), ms(c.hive.p95), ms(c.hive.p99), c.hive.perSecond.toFixed(0), '1.00x', c.hive.non2xx + c.hive.errors],
      [c.clients, '@apollo/gateway 2 (no JWT, no rate limit)', ms(c.apollo.p50), ms(c.apollo.p95), ms(c.apollo.p99), c.apollo.perSecond.toFixed(0), ratio(c.apollo.p95, c.hive.p95), c.apollo.non2xx + c.apollo.errors],
    ],
  );
}
