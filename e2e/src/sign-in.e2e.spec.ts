import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { runScript } from './scripts';
import { authorize, browse, CookieJar, exchangeCode, pkcePair, signIn, type SignInOptions } from './oidc';
import { devToken, freePort, TestSystem } from './system';

/*
 * Sign-in with OpenID Connect: the development identity provider (packages/dev-idp, oidc-provider) runs
 * beside the real gateway as `npm start` runs it; a person signs in with the authorization code flow and
 * PKCE, in plain HTTP as a browser would, and the gateway accepts the access token it gets.
 */

const ME = `{ me { id name role teamId email } }`;

describe('signing in with OpenID Connect, through the development identity provider and the real gateway', () => {
  let system: TestSystem;
  let keyDir: string;
  let flow: Omit<SignInOptions, 'sub'>;
  beforeAll(async () => {
    keyDir = mkdtempSync(path.join(tmpdir(), 'salestrail-idp-'));
    system = await TestSystem.start(
      'signin',
      { DEV_IDP_KEY_FILE: path.join(keyDir, 'key.json') },
      { identityProvider: true },
    );
    flow = {
      issuer: system.issuerUrl,
      clientId: 'salestrail-web',
      redirectUri: `http://127.0.0.1:${system.ports.gateway}/auth/callback`,
    };
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  const status = async (token: string) => {
    const res = await system.graphql(token, ME);
    return { status: res.status, code: res.errors?.[0]?.extensions?.code, me: res.data?.me };
  };

  it('李明 picks himself on the sign-in page, the app gets an access token for the gateway, and the gateway knows him as a sales rep', async () => {
    const { accessToken, idToken, loginPage } = await signIn({ ...flow, sub: 'rep-1' });

    // The page: Chinese first, says it is the development environment, lists the cast by name and role.
    expect(loginPage).toContain('<html lang="zh-CN">');
    expect(loginPage).toContain('开发环境');
    for (const name of ['李明', '陈经理', '王助理', '刘芳', '赵强', '孙伟'])
      expect(loginPage).toContain(name);
    expect(loginPage).toContain('销售代表');

    // The access token: a JWT for the gateway's audience, signed with a key the JWKS names.
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    expect(decodeJwt(accessToken)).toMatchObject({
      iss: system.issuerUrl,
      aud: 'salestrail',
      sub: 'rep-1',
      role: 'SALES_REP',
      team: 'team-east',
      name: '李明',
      email: 'liming@example.com',
      exp: expect.any(Number),
    });
    // The ID token is for the app (its audience is the client) and names the person too.
    expect(decodeJwt(idToken)).toMatchObject({
      aud: 'salestrail-web',
      sub: 'rep-1',
      name: '李明',
      role: 'SALES_REP',
      email: 'liming@example.com',
    });

    expect(await status(accessToken)).toEqual({
      status: 200,
      code: undefined,
      me: { id: 'rep-1', name: '李明', role: 'SALES_REP', teamId: 'team-east', email: 'liming@example.com' },
    });
  });

  it('each development person signs in with their own role', async () => {
    const { accessToken } = await signIn({ ...flow, sub: 'manager-1' });
    expect((await status(accessToken)).me).toMatchObject({
      id: 'manager-1',
      name: '陈经理',
      role: 'SALES_MANAGER',
      teamId: 'team-east',
    });
    const marketing = await signIn({
      ...flow,
      sub: 'marketing-1',
      redirectUri: `http://localhost:${system.ports.gateway}/auth/callback`,
    });
    expect(decodeJwt(marketing.accessToken)).not.toHaveProperty('team');
    expect((await status(marketing.accessToken)).me).toMatchObject({
      id: 'marketing-1',
      name: '刘芳',
      role: 'MARKETING',
      teamId: null,
    });
  });

  it('PKCE is required: a wrong verifier gets no token, the right one gets it once, and a request without a challenge is refused', async () => {
    const { code, verifier } = await authorize({ ...flow, sub: 'rep-1' });
    const wrong = await exchangeCode(flow, code, pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    const right = await exchangeCode(flow, code, verifier);
    expect(right.status).toBe(200);
    const again = await exchangeCode(flow, code, verifier);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });

    const noChallenge = new URL(`${system.issuerUrl}/auth`);
    noChallenge.search = new URLSearchParams({
      client_id: 'salestrail-web',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: flow.redirectUri,
      state: 's',
    }).toString();
    const step = await browse(new CookieJar(), noChallenge.href);
    expect(step.status).toBe(303);
    const back = new URL(step.location!);
    expect(back.origin + back.pathname).toBe(flow.redirectUri);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it("the app's own origin may call the token endpoint from the browser (CORS), another origin may not", async () => {
    const preflight = (origin: string) =>
      fetch(`${system.issuerUrl}/token`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const { code, verifier } = await authorize({ ...flow, sub: 'rep-1' });
    const exchange = (origin: string) =>
      fetch(`${system.issuerUrl}/token`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'salestrail-web',
          code,
          redirect_uri: flow.redirectUri,
          code_verifier: verifier,
        }).toString(),
      });
    const app = `http://127.0.0.1:${system.ports.gateway}`;
    expect((await preflight(app)).headers.get('access-control-allow-origin')).toBe(app);
    const elsewhere = await exchange('http://evil.example');
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(elsewhere.status).toBe(400);
    const own = await exchange(app);
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(app);
  });

  it('the sign-in page signs in only the people listed, and only to the registered redirect URIs', async () => {
    const jar = new CookieJar();
    const { challenge } = pkcePair();
    const auth = new URL(`${system.issuerUrl}/auth`);
    auth.search = new URLSearchParams({
      client_id: 'salestrail-web',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: flow.redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const interaction = (await browse(jar, auth.href)).location!;
    const refused = await browse(jar, `${interaction}/login`, { form: { sub: 'intruder' } });
    expect(refused.status).toBe(400);
    expect(refused.location).toBeUndefined();
    expect(refused.body).toContain('role="alert"');

    const elsewhere = new URL(auth);
    elsewhere.searchParams.set('redirect_uri', 'http://evil.example/auth/callback');
    const bad = await browse(new CookieJar(), elsewhere.href);
    expect(bad.status).toBe(400);
    expect(bad.location).toBeUndefined();
  });

  it('the gateway refuses (401) the ID token, a token of the provider for another audience, and tokens whose signature or claims were changed', async () => {
    const { accessToken, idToken } = await signIn({ ...flow, sub: 'rep-1' });
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];

    // A signature with one character changed.
    const flipped = signature[10] === 'A' ? 'B' : 'A';
    const badSignature = `${header}.${payload}.${signature.slice(0, 10)}${flipped}${signature.slice(11)}`;
    // The claims changed to an ADMIN's, the signature kept.
    const claims = decodeJwt(accessToken);
    const escalated = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN' })).toString('base64url')}.${signature}`;
    // Signed with the provider's own key (its kid in the JWKS), for another audience.
    const stored = JSON.parse(readFileSync(system.env.DEV_IDP_KEY_FILE!, 'utf8')) as JWK & { kid: string };
    const otherAudience = await new SignJWT({ role: 'SALES_REP', team: 'team-east', name: '李明' })
      .setProtectedHeader({ alg: 'ES256', kid: stored.kid, typ: 'at+jwt' })
      .setIssuer(system.issuerUrl)
      .setSubject('rep-1')
      .setAudience('another-api')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(await importJWK(stored, 'ES256'));
    // The same, for the right audience: the control that shows the key and claims are good.
    const control = await new SignJWT({ role: 'SALES_REP', team: 'team-east', name: '李明' })
      .setProtectedHeader({ alg: 'ES256', kid: stored.kid, typ: 'at+jwt' })
      .setIssuer(system.issuerUrl)
      .setSubject('rep-1')
      .setAudience('salestrail')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(await importJWK(stored, 'ES256'));
    expect((await status(control)).me).toMatchObject({ id: 'rep-1' });

    for (const token of [idToken, otherAudience, badSignature, escalated]) {
      expect(await status(token)).toEqual({ status: 401, code: 'UNAUTHENTICATED', me: undefined });
    }
    expect((await status(accessToken)).status).toBe(200);
  });

  it('HS256 development tokens (npm run token) keep working beside the provider', async () => {
    const token = await devToken('SALES_REP', 'rep-1', 'team-east', { name: '李明' });
    expect(await status(token)).toMatchObject({ status: 200, me: { id: 'rep-1', role: 'SALES_REP' } });
  });

  it('the provider refuses to start in production, or with NODE_ENV unset', async () => {
    for (const env of [{ NODE_ENV: 'production' }, {}] as Array<Record<string, string>>) {
      const { code, output } = await runScript('packages/dev-idp/dist/main.js', [], {
        PATH: process.env.PATH ?? '',
        DEV_IDP_PORT: String(await freePort()),
        ...env,
      });
      expect(code).not.toBe(0);
      expect(output).toContain('does not run in production');
    }
  });
});
