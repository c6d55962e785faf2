import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import {
  createIdentitySigner,
  createRequestVerifier,
  createServiceCredentialSigner,
  redisReplayGuard,
  requestOf,
  type ReplayGuard,
} from '@salestrail/platform';
import { TEST_IDENTITY_PRIVATE_KEY, TEST_IDENTITY_PUBLIC_KEY, TEST_SERVICE_EVENTS_KEY } from '@salestrail/testkit';
import { PIPELINE_PAGE } from './read';

/**
 * `node bench/dist/bench/identity-cost.js [redis url]`: what the identity towards the subgraphs costs per
 * subgraph request, in CPU time of this process (steadier than wall time on a shared machine) and wall time: the gateway's Ed25519 signature, a subgraph's check of it (signature,
 * claims, binding) and its one Redis `SET NX` (the replay cache), next to an HS256 signature over the same
 * claims for comparison. Quoted in gateway/README.md.
 */
async function main(): Promise<void> {
  const redisUrl = process.argv[2] ?? 'redis://127.0.0.1:6379';
  const actor = { userId: 'manager-01', name: '张经理', role: 'SALES_MANAGER' as const, teamId: 'team-01' };
  const body = JSON.stringify({ query: PIPELINE_PAGE, variables: { teamId: 'team-01', after: 'YXJyYXljb25uZWN0aW9uOjQ5' } });
  const request = requestOf('records', 'POST', 'http://127.0.0.1:4001/graphql', body);
  const received = { method: request.method, path: request.path, query: request.query, body: Buffer.from(body) };
  const sign = createIdentitySigner(TEST_IDENTITY_PRIVATE_KEY);
  const signHs256 = createServiceCredentialSigner(TEST_SERVICE_EVENTS_KEY, 'events:read');
  const always: ReplayGuard = { firstUse: async () => true };
  const verifier = (replay: ReplayGuard) =>
    createRequestVerifier({ service: 'records', gatewayPublicKey: TEST_IDENTITY_PUBLIC_KEY, serviceKey: TEST_SERVICE_EVENTS_KEY, replay });

  /** Runs `op` WARM times, then times it `n` times (`i` runs on, so that each call can have its own token). */
  const WARM = 500;
  const time = async (name: string, n: number, op: (i: number) => unknown): Promise<void> => {
    for (let i = 0; i < WARM; i += 1) await op(i);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = WARM; i < WARM + n; i += 1) await op(i);
    const wall = ((performance.now() - t0) * 1000) / n;
    const used = process.cpuUsage(cpu0);
    const cpu = (used.user + used.system) / n;
    console.log(`${name.padEnd(58)} ${cpu.toFixed(1).padStart(7)} µs CPU ${wall.toFixed(1).padStart(8)} µs wall`);
  };

  console.log(`body ${Buffer.byteLength(body)} bytes, token ${sign(actor, request).length} characters`);
  await time('gateway: sign (Ed25519)', 20_000, () => sign(actor, request));
  await time('for comparison: sign HS256 over the same claims', 20_000, () => signHs256(request));
  const tokens = Array.from({ length: WARM + 5_000 }, () => sign(actor, request));
  const noReplay = verifier(always);
  await time('subgraph: verify signature, claims and binding', 5_000, (i) => noReplay.caller(tokens[i]!, received));
  const redis = new Redis(redisUrl);
  try {
    const prefix = `identity-cost-${process.pid}`;
    const withRedis = verifier(redisReplayGuard(redis, prefix));
    const fresh = Array.from({ length: WARM + 5_000 }, () => sign(actor, request));
    await time('subgraph: the same and the replay cache (Redis SET NX PX)', 5_000, (i) => withRedis.caller(fresh[i]!, received));
  } finally {
    await redis.quit();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
