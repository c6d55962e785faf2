/** What the gateway tells the app at `GET /app-config.json` (its WEB_OIDC_* settings). */
export interface AppConfig {
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

export async function loadAppConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  const res = await fetchImpl('/app-config.json', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`app-config.json answered ${res.status}`);
  const body = (await res.json()) as Partial<AppConfig>;
  const oidc = body.oidc;
  if (oidc && (typeof oidc.issuer !== 'string' || typeof oidc.clientId !== 'string')) throw new Error('app-config.json: bad oidc settings');
  return { oidc: oidc ? { issuer: oidc.issuer, clientId: oidc.clientId, scope: oidc.scope || 'openid profile email' } : null };
}
