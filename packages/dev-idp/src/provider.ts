import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { DevIdpConfig } from './config';
import { signingKey } from './keys';
import { MemoryAdapter } from './memory-adapter';
import { errorPage, loginPage, logoutDonePage, logoutPage } from './pages';
import type { Person } from './people';

/** The claims a person's tokens carry (docs/ACCESS.md): the gateway reads `role`, `team`, `name`, `email`. */
function personClaims(person: Person): Record<string, unknown> {
  return {
    name: person.name,
    role: person.role,
    ...(person.team ? { team: person.team } : {}),
    email: person.email,
    email_verified: true,
  };
}

/**
 * The sign-in page's headers. Its form's answer redirects to the app's callback, and browsers hold
 * `form-action` to every hop of a form's redirects: the app's origins are allowed there besides 'self'.
 */
export function securityHeaders(appOrigins: readonly string[]): Record<string, string> {
  return {
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${appOrigins.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
  };
}

const MAX_FORM_BYTES = 4096;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += (chunk as Buffer).toString('utf8');
    if (body.length > MAX_FORM_BYTES) throw new errors.InvalidRequest('form too large');
  }
  return new URLSearchParams(body);
}

function samePassword(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The provider's configuration: one public client for the web app (authorization code with PKCE, no
 * secret), the people as accounts, access tokens as ES256 JWTs for the gateway's audience carrying the
 * people's claims.
 */
export function providerConfiguration(config: DevIdpConfig, people: readonly Person[]): Configuration {
  const byId = new Map(people.map((p) => [p.sub, p]));
  return {
    adapter: MemoryAdapter,
    clients: [
      {
        client_id: config.DEV_IDP_CLIENT_ID,
        client_name: 'SalesTrail',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: config.redirectUris,
        post_logout_redirect_uris: config.postLogoutRedirectUris,
        scope: 'openid profile email',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [signingKey(config.DEV_IDP_KEY_FILE)] },
    // The provider's own cookies (sign-in in progress, session): a new key at each start ends the sessions.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'profile', 'email'],
    claims: { openid: ['sub'], profile: ['name', 'role', 'team'], email: ['email', 'email_verified'] },
    async findAccount(_ctx, sub) {
      const person = byId.get(sub);
      if (!person) return undefined;
      return { accountId: person.sub, claims: async () => ({ sub: person.sub, ...personClaims(person) }) };
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken') return undefined;
      const person = byId.get((token as { accountId?: string }).accountId ?? '');
      if (!person) return undefined;
      const { email_verified: _verified, ...claims } = personClaims(person);
      return claims;
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // The gateway is the one resource: a request naming none is for it, and the token endpoint uses it.
        defaultResource: async () => config.DEV_IDP_RESOURCE,
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, indicator) {
          if (indicator !== config.DEV_IDP_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: '',
            audience: config.AUTH_AUDIENCE,
            accessTokenTTL: config.DEV_IDP_ACCESS_TOKEN_TTL_S,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.type = 'html';
          ctx.body = logoutDonePage();
        },
      },
    },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage({ ...out });
    },
    // The browser app calls the token endpoint from its own origin: only the client's origins may.
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false,
    ttl: {
      AccessToken: config.DEV_IDP_ACCESS_TOKEN_TTL_S,
      AuthorizationCode: 60,
      IdToken: config.DEV_IDP_ACCESS_TOKEN_TTL_S,
      Interaction: 10 * 60,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
  };
}

export interface DevIdp {
  readonly provider: Provider;
  readonly server: http.Server;
  listen(): Promise<AddressInfo>;
  close(): Promise<void>;
}

/**
 * The development identity provider: oidc-provider (an OpenID Certified implementation) with the sign-in
 * page at `/interaction/:uid` (pick a person, and the development password when one is set). The web app
 * is first-party, so there is no consent screen: what it asks for is granted.
 */
export function createDevIdp(config: DevIdpConfig, people: readonly Person[]): DevIdp {
  const provider = new Provider(config.DEV_IDP_ISSUER, providerConfiguration(config, people));
  const byId = new Map(people.map((p) => [p.sub, p]));
  const passwordRequired = config.DEV_IDP_PASSWORD !== undefined;
  const oidc = provider.callback();
  const headers = securityHeaders(config.DEV_IDP_APP_ORIGINS);
  const sendHtml = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };

  async function interaction(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    action: string | undefined,
  ): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new errors.SessionNotFound('interaction session and URL do not match');
    const { prompt } = details;
    if (action === undefined && req.method === 'GET') {
      if (prompt.name === 'login') {
        return sendHtml(res, 200, loginPage({ uid, people, passwordRequired }));
      }
      if (prompt.name === 'consent') {
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({
              accountId: details.session?.accountId,
              clientId: String(details.params.client_id),
            });
        if (!grant) throw new errors.SessionNotFound('grant not found');
        const missing = prompt.details as {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
          grant.addResourceScope(indicator, scopes.join(' '));
        const grantId = await grant.save();
        return provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
      }
      throw new errors.InvalidRequest(`unsupported prompt ${prompt.name}`);
    }
    if (req.method !== 'POST') throw new errors.InvalidRequest('method not allowed');
    const form = await readForm(req);
    if (action === 'abort') {
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The sign-in was cancelled' },
        { mergeWithLastSubmission: false },
      );
    }
    if (action !== 'login' || prompt.name !== 'login')
      throw new errors.InvalidRequest('no sign-in is waiting here');
    const person = byId.get(form.get('sub') ?? '');
    if (!person) {
      return sendHtml(
        res,
        400,
        loginPage({
          uid,
          people,
          passwordRequired,
          error: '请选择列表中的一位人员。Pick one of the people listed.',
        }),
      );
    }
    if (passwordRequired && !samePassword(form.get('password') ?? '', config.DEV_IDP_PASSWORD!)) {
      return sendHtml(
        res,
        401,
        loginPage({ uid, people, passwordRequired, error: '密码不正确。The password is not correct.' }),
      );
    }
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: person.sub } },
      { mergeWithLastSubmission: false },
    );
  }

  const server = http.createServer((req, res) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(
      new URL(req.url ?? '/', 'http://idp').pathname,
    );
    if (!match) return void oidc(req, res);
    interaction(req, res, match[1]!, match[2]).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      const known = error instanceof errors.OIDCProviderError;
      sendHtml(
        res,
        known ? error.statusCode : 500,
        errorPage(
          known
            ? { error: error.error, error_description: error.error_description ?? '' }
            : { error: 'server_error' },
        ),
      );
      if (!known) console.error('dev-idp: interaction failed', error);
    });
  });

  return {
    provider,
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.DEV_IDP_PORT, config.DEV_IDP_HOST, () =>
          resolve(server.address() as AddressInfo),
        );
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
