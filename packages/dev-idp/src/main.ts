import { loadDevIdpConfig } from './config';
import { loadPeople } from './people';
import { createDevIdp } from './provider';

/** `node packages/dev-idp/dist/main.js`: the development identity provider, as `npm start` runs it. */
async function main(): Promise<void> {
  const config = loadDevIdpConfig();
  const idp = createDevIdp(config, loadPeople(config.DEV_IDP_PEOPLE_FILE));
  await idp.listen();
  console.log(
    `[dev-idp] development identity provider (issuer ${config.DEV_IDP_ISSUER}, client ${config.DEV_IDP_CLIENT_ID}); never for production`,
  );
  const stop = () => void idp.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`[dev-idp] ${(error as Error).message}`);
  process.exit(1);
});
