import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { AppConfig } from '../app/config';

/** Where the provider sends the browser back with the authorization code. */
export const CALLBACK_PATH = '/auth/callback';

/** The state carried through the provider: the page to return to after signing in. */
export interface SignInState {
  returnTo: string;
}

/**
 * OpenID Connect authorization code flow with PKCE (oidc-client-ts). The user (access, id and refresh
 * tokens) lives in sessionStorage: closing the tab signs out of this app, not of the provider. The access
 * token is renewed before it expires (refresh token when the provider gives one, else a hidden iframe);
 * when renewal fails the next request that meets UNAUTHENTICATED signs in again.
 */
export function createUserManager(oidc: NonNullable<AppConfig['oidc']>, origin = window.location.origin): UserManager {
  return new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    scope: oidc.scope,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    silent_redirect_uri: `${origin}/auth/silent`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

/** The storage key oidc-client-ts keeps the signed-in user under (tests put a development token there). */
export function userStorageKey(oidc: NonNullable<AppConfig['oidc']>): string {
  return `oidc.user:${oidc.issuer}:${oidc.clientId}`;
}

export function usable(user: User | null): user is User {
  return !!user && !user.expired && !!user.access_token;
}
