import { createHash, randomBytes } from 'node:crypto';

/*
 * A browser's part in the authorization-code flow with PKCE, in plain HTTP: cookies kept per origin
 * (host-only, as the provider sets them), redirects followed by hand so each step can be seen.
 */

/** The provider's cookies, as a browser keeps them for its origin. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/;\s*expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

export interface Step {
  status: number;
  location?: string;
  body: string;
}

/** One request as the browser sends it (cookies on, redirects not followed). */
export async function browse(
  jar: CookieJar,
  url: string,
  init: { method?: string; form?: Record<string, string> } = {},
): Promise<Step> {
  const res = await fetch(url, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    redirect: 'manual',
    headers: {
      cookie: jar.header(),
      ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
  });
  jar.take(res);
  const location = res.headers.get('location');
  return {
    status: res.status,
    body: await res.text(),
    ...(location ? { location: new URL(location, url).href } : {}),
  };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface SignInOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** Who to pick on the sign-in page. */
  sub: string;
  password?: string;
}

export interface Authorized {
  code: string;
  verifier: string;
  /** The sign-in page as the provider served it. */
  loginPage: string;
}

export interface SignedIn {
  accessToken: string;
  idToken: string;
  tokenResponse: Record<string, unknown>;
  loginPage: string;
}

/**
 * The browser's part: GET /auth with a PKCE challenge → the sign-in page → pick the person → (consent,
 * granted by the provider for its first-party client) → back at the redirect URI with a code.
 */
export async function authorize(options: SignInOptions): Promise<Authorized> {
  const jar = new CookieJar();
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const auth = new URL(`${options.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: options.redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();

  let step = await browse(jar, auth.href);
  if (step.status !== 303 || !step.location?.includes('/interaction/'))
    throw new Error(`GET /auth: ${step.status} ${step.body.slice(0, 300)}`);
  const interaction = step.location;
  step = await browse(jar, interaction);
  if (step.status !== 200) throw new Error(`sign-in page: ${step.status} ${step.body.slice(0, 300)}`);
  const loginPage = step.body;
  const action = /<form method="post" action="([^"]+\/login)"/.exec(loginPage)?.[1];
  if (!action) throw new Error('the sign-in page has no sign-in form');
  step = await browse(jar, new URL(action, interaction).href, {
    form: { sub: options.sub, ...(options.password !== undefined ? { password: options.password } : {}) },
  });
  // Back to /auth, which asks for consent (granted at once for the first-party client) and then answers.
  for (let hops = 0; step.location && !step.location.startsWith(options.redirectUri) && hops < 10; hops++) {
    step = await browse(jar, step.location);
  }
  if (!step.location?.startsWith(options.redirectUri))
    throw new Error(`no redirect to the app: ${step.status} ${step.body.slice(0, 300)}`);
  const callback = new URL(step.location);
  if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
  if (callback.searchParams.get('iss') !== options.issuer)
    throw new Error(`iss ${callback.searchParams.get('iss')}`);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback.search}`);
  return { code, verifier, loginPage };
}

/** The whole sign-in: authorize, then the token endpoint with the code verifier. */
export async function signIn(options: SignInOptions): Promise<SignedIn> {
  const { code, verifier, loginPage } = await authorize(options);
  const res = await exchangeCode(options, code, verifier);
  const tokenResponse = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`token endpoint: ${res.status} ${JSON.stringify(tokenResponse)}`);
  return {
    accessToken: String(tokenResponse.access_token),
    idToken: String(tokenResponse.id_token),
    tokenResponse,
    loginPage,
  };
}

/** The token request of a public client: the code, its redirect URI and the PKCE verifier, no secret. */
export function exchangeCode(
  options: Pick<SignInOptions, 'issuer' | 'clientId' | 'redirectUri'>,
  code: string,
  verifier: string,
): Promise<Response> {
  return fetch(`${options.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: options.clientId,
      code,
      redirect_uri: options.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
}
