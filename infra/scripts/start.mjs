#!/usr/bin/env node
// `npm start`: install if needed, build, find or start Postgres and Redis, start the four processes
// (each migrates its own database) and the development identity provider, then print the gateway URL,
// where to sign in and a development token per role.
import { build, ensureInstalled } from './lib/install.mjs';
import { ensureSupportedNode } from './lib/node-runtime.mjs';
import { loadEnv } from './lib/env.mjs';
import { provideBackingServices } from './lib/backing-services.mjs';
import {
  DEV_IDP,
  GATEWAY,
  SERVICES,
  devIdentityEnv,
  readyUrl,
  startProcess,
  stopProcess,
  systemEnv,
  usesDevIdentityProvider,
  waitReady,
} from './lib/processes.mjs';

const log = (msg) => console.log(`[salestrail] ${msg}`);

async function main() {
  loadEnv();
  // Development unless the caller says otherwise: the processes treat an unset NODE_ENV as production.
  process.env.NODE_ENV ??= 'development';
  ensureInstalled(log);
  build(log);
  const backing = await provideBackingServices(log);
  const devIdp = usesDevIdentityProvider();
  const env = {
    ...systemEnv({ postgresUrl: backing.postgresUrl, redisUrl: backing.redisUrl }),
    ...(devIdp ? devIdentityEnv() : {}),
  };
  const children = [];
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    log('Stopping…');
    const gateway = children.find((c) => c.service === GATEWAY);
    await stopProcess(gateway);
    await Promise.all(children.filter((c) => c !== gateway).map((c) => stopProcess(c)));
    await backing.stop();
    log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  try {
    // The identity provider before the gateway, which fetches its JWKS at the first signed-in request.
    for (const service of [...SERVICES, ...(devIdp ? [DEV_IDP] : [])]) children.push(startProcess(service, env));
    await Promise.all(children.map((c) => waitReady(readyUrl(c.service, env), c)));
    const gateway = startProcess(GATEWAY, env);
    children.push(gateway);
    await waitReady(readyUrl(GATEWAY, env), gateway);
  } catch (error) {
    log(`Start failed: ${error.message}`);
    await stopAll(1);
    return;
  }
  for (const child of children) {
    child.on('exit', (code) => {
      if (!stopping) {
        log(`${child.service.name} exited (code ${code}); stopping everything.`);
        stopAll(1);
      }
    });
  }

  const { DEV_USERS, signDevToken } = await import('./lib/tokens.mjs');
  const gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT ?? GATEWAY.port}/graphql`;
  try {
    const { ensureDevDirectory } = await import('./lib/dev-directory.mjs');
    const added = await ensureDevDirectory({ gatewayUrl, secret: env.AUTH_JWT_SECRET, audience: env.AUTH_AUDIENCE, issuer: env.AUTH_ISSUER });
    if (added.length) log(`Development team and people added to the directory: ${added.join(', ')}`);
  } catch (error) {
    log(`Could not make sure the development people exist (${error.message}); the system runs without them.`);
  }
  const lines = [];
  for (const user of DEV_USERS) {
    const token = await signDevToken(user, {
      secret: env.AUTH_JWT_SECRET,
      audience: env.AUTH_AUDIENCE,
      issuer: env.AUTH_ISSUER,
    });
    lines.push(`  ${user.role.padEnd(15)} ${user.sub.padEnd(13)} ${user.name.padEnd(3, '　')} ${token}`);
  }
  console.log(
    [
      '',
      `SalesTrail is running: POST ${gatewayUrl}`,
      ...(devIdp
        ? [
            `Sign-in (OpenID Connect): development identity provider ${env.DEV_IDP_ISSUER}, client ${env.WEB_OIDC_CLIENT_ID};`,
            `  the app sends you there: pick one of the people below (开发环境, ${env.DEV_IDP_PASSWORD ? 'with the password DEV_IDP_PASSWORD' : 'no password'}).`,
          ]
        : env.AUTH_JWKS_URL
          ? [`Sign-in (OpenID Connect): tokens verified with ${env.AUTH_JWKS_URL}`]
          : []),
      'Development tokens (Authorization: Bearer <token>):',
      ...lines,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

if (ensureSupportedNode()) {
  main().catch((error) => {
    console.error(`[salestrail] ${error.message}`);
    process.exit(1);
  });
}
