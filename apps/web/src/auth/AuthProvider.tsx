import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import { usable, type SignInState } from './auth';

export interface AuthState {
  manager: UserManager | null;
  user: User | null;
  /** Sends the browser to the provider; back at `returnTo` once signed in. */
  signIn: (returnTo?: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ manager, children }: { manager: UserManager | null; children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    if (!manager) {
      setUser(null);
      return;
    }
    let live = true;
    manager.getUser().then((u) => live && setUser(usable(u) ? u : null), () => live && setUser(null));
    const loaded = (u: User) => setUser(u);
    const unloaded = () => setUser(null);
    manager.events.addUserLoaded(loaded);
    manager.events.addUserUnloaded(unloaded);
    manager.events.addUserSignedOut(unloaded);
    return () => {
      live = false;
      manager.events.removeUserLoaded(loaded);
      manager.events.removeUserUnloaded(unloaded);
      manager.events.removeUserSignedOut(unloaded);
    };
  }, [manager]);
  const signIn = useCallback(
    async (returnTo = window.location.pathname + window.location.search) => {
      if (!manager) return;
      const state: SignInState = { returnTo };
      await manager.signinRedirect({ state });
    },
    [manager],
  );
  const signOut = useCallback(async () => {
    if (!manager) return;
    // The provider ends its session too (id_token_hint from the stored user, which the redirect removes);
    // a provider without an end-session endpoint: drop the user here and start again.
    await manager.signoutRedirect().catch(async () => {
      await manager.removeUser();
      window.location.assign('/');
    });
  }, [manager]);
  const value = useMemo(() => ({ manager, user: user ?? null, signIn, signOut }), [manager, user, signIn, signOut]);
  if (user === undefined) return null;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The sign-in state where there is one (null outside an AuthProvider, as in component tests). */
export function useOptionalAuth(): AuthState | null {
  return useContext(AuthContext);
}
