import './instrument';
import { ConfigError } from '@salestrail/platform/dist/config';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const gateway = await startGateway(config);
  console.log(JSON.stringify({ level: 30, service: 'gateway', msg: 'gateway listening', url: gateway.url }));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ level: 30, service: 'gateway', msg: 'shutting down', signal }));
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    gateway.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // The gateway runtime disposes itself as soon as SIGTERM/SIGINT arrives, cutting off requests in flight
  // whose mutations may already have committed upstream (a client retrying then applies them twice). Only
  // this handler stays: it stops accepting, answers what is in flight, and then disposes the runtime.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.removeAllListeners(signal);
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(`gateway: ${error.message}`);
  else console.error('gateway: failed to start', error);
  process.exit(1);
});
