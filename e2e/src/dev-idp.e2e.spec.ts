import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '@salestrail/testkit';
import { authorize, browse, CookieJar, pkcePair } from './oidc';
import { ROOT } from './scripts';
import { freePort } from './system';

/*
 * The development identity provider on its own (no gateway): the sign-in page with a development password
 * (DEV_IDP_PASSWORD), and cancelling a sign-in.
 */

describe('the development identity provider with a password', () => {
  let idp: ChildProcess;
  let issuer: string;
  const redirectUri = 'http://127.0.0.1:4999/auth/callback';
  beforeAll(async () => {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    idp = spawn(process.execPath, [path.join(ROOT, 'packages/dev-idp/dist/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        DEV_IDP_PORT: String(port),
        DEV_IDP_APP_ORIGINS: 'http://127.0.0.1:4999',
        DEV_IDP_PASSWORD: 'dev-pass-1',
      },
      stdio: 'ignore',
    });
    await waitFor(
      async () => (await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => null))?.ok,
      { timeoutMs: 20_000, what: 'the provider' },
    );
  });
  afterAll(async () => {
    if (idp && idp.exitCode === null) {
      const exited = new Promise((r) => idp.once('exit', r));
      idp.kill('SIGTERM');
      await exited;
    }
  });

  /** GET /auth up to the sign-in page: the jar, the page and its form's address. */
  async function signInPage() {
    const jar = new CookieJar();
    const auth = new URL(`${issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: 'salestrail-web',
      response_type: 'code',
      scope: 'openid profile email',
      redirect_uri: redirectUri,
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      state: 'st',
    }).toString();
    const interaction = (await browse(jar, auth.href)).location!;
    const page = await browse(jar, interaction);
    return { jar, interaction, page };
  }

  it('asks for the password, refuses a wrong or missing one with the page again, and signs in with the right one', async () => {
    const { jar, interaction, page } = await signInPage();
    expect(page.body).toContain('type="password"');
    expect(page.body).toContain('<label for="password">');
    for (const form of [{ sub: 'rep-1', password: 'wrong' }, { sub: 'rep-1' }] as Array<Record<string, string>>) {
      const refused = await browse(jar, `${interaction}/login`, { form });
      expect(refused.status).toBe(401);
      expect(refused.location).toBeUndefined();
      expect(refused.body).toContain('密码不正确');
      expect(refused.body).toContain('aria-invalid="true"');
    }
    // The sign-in is still waiting: the right password completes it.
    const { code } = await authorize({
      issuer,
      clientId: 'salestrail-web',
      redirectUri,
      sub: 'rep-1',
      password: 'dev-pass-1',
    });
    expect(code).toEqual(expect.any(String));
  });

  it('cancelling sends the person back to the app with access_denied and no code', async () => {
    const { jar, interaction } = await signInPage();
    let step = await browse(jar, `${interaction}/abort`, { form: {} });
    for (let hops = 0; step.location && !step.location.startsWith(redirectUri) && hops < 5; hops++)
      step = await browse(jar, step.location);
    const back = new URL(step.location!);
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st');
    expect(back.searchParams.get('code')).toBeNull();
  });
});
