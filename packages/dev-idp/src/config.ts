import path from 'node:path';
import { ConfigError, configHelpers, parseConfig, z } from '@salestrail/platform/dist/config';

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const origin = configHelpers.url(['http:', 'https:']).transform((v) => new URL(v).origin);

export const devIdpConfigSchema = z.object({
  /**
   * The development identity provider never runs in production: unset means production here as in
   * every process, so only `npm start` (development) and the tests (test) can start it.
   */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  DEV_IDP_HOST: z.string().default('127.0.0.1'),
  DEV_IDP_PORT: configHelpers.port(4100),
  /** The issuer (`iss`), discovery at `<issuer>/.well-known/openid-configuration`; default http://127.0.0.1:<port>. */
  DEV_IDP_ISSUER: configHelpers.url(['http:', 'https:']).optional(),
  /** The web app's one public client (authorization code with PKCE, no secret). */
  DEV_IDP_CLIENT_ID: z.string().min(1).default('salestrail-web'),
  /**
   * Where the web app runs: each origin gets the redirect URI `<origin>/auth/callback` and the
   * post-logout redirect `<origin>/`. The gateway serves the app, so these are the gateway's origins.
   */
  DEV_IDP_APP_ORIGINS: list
    .pipe(z.array(origin).min(1, 'name at least one origin'))
    .default(['http://127.0.0.1:4000', 'http://localhost:4000']),
  /** The access tokens' `aud`: the gateway's AUTH_AUDIENCE. */
  AUTH_AUDIENCE: z.string().min(1).default('salestrail'),
  /** The resource indicator (RFC 8707) the access tokens are for; a request naming none gets this one. */
  DEV_IDP_RESOURCE: configHelpers.url(['http:', 'https:', 'urn:']).default('urn:salestrail:api'),
  /** Lifetime of an access token (and so of a sign-in without the provider's session). */
  DEV_IDP_ACCESS_TOKEN_TTL_S: z.coerce.number().int().positive().default(3600),
  /**
   * Empty: choosing a person signs in (password-less). Set: the sign-in page asks for this password too,
   * for a development system others can reach.
   */
  DEV_IDP_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /**
   * Where the signing key is kept across restarts, so access tokens issued before a restart stay valid;
   * empty: a new key at each start.
   */
  DEV_IDP_KEY_FILE: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** The people one can sign in as: the development cast (packages/dev-idp/people.json). */
  DEV_IDP_PEOPLE_FILE: z.string().default(path.resolve(__dirname, '../people.json')),
});

export type DevIdpConfig = Omit<z.infer<typeof devIdpConfigSchema>, 'DEV_IDP_ISSUER'> & {
  DEV_IDP_ISSUER: string;
  /** The client's redirect URIs and post-logout redirect URIs, from DEV_IDP_APP_ORIGINS. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
};

export function loadDevIdpConfig(env: Record<string, string | undefined> = process.env): DevIdpConfig {
  const config = parseConfig(devIdpConfigSchema, env);
  if (config.NODE_ENV === 'production') {
    throw new ConfigError([
      'NODE_ENV: the development identity provider does not run in production (unset means production); point AUTH_JWKS_URL and AUTH_ISSUER at your identity provider instead (docs/ACCESS.md)',
    ]);
  }
  return {
    ...config,
    DEV_IDP_ISSUER: (config.DEV_IDP_ISSUER ?? `http://127.0.0.1:${config.DEV_IDP_PORT}`).replace(/\/+$/, ''),
    redirectUris: config.DEV_IDP_APP_ORIGINS.map((o) => `${o}/auth/callback`),
    postLogoutRedirectUris: config.DEV_IDP_APP_ORIGINS.map((o) => `${o}/`),
  };
}
