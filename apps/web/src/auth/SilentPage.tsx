import { useEffect } from 'react';
import { useAuth } from './AuthProvider';

/** `/auth/silent`: the hidden frame of a silent renewal hands the provider's answer to the app. */
export default function SilentPage() {
  const { manager } = useAuth();
  useEffect(() => {
    manager?.signinSilentCallback().catch(() => undefined);
  }, [manager]);
  return null;
}
