import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from './AuthProvider';

// A page of its own (Ant Design's Result and its pictures stay out of the first screen's code).
const NotConfigured = lazy(() => import('./NotConfigured'));

/** Pages behind it need a signed-in user: without one the browser goes to the identity provider. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { manager, user, signIn } = useAuth();
  const { t } = useTranslation();
  useEffect(() => {
    if (manager && !user) void signIn();
  }, [manager, user, signIn]);
  if (!manager) {
    return (
      <Suspense fallback={null}>
        <NotConfigured />
      </Suspense>
    );
  }
  if (!user) {
    return (
      <Spin fullscreen tip={t('auth.redirecting')}>
        <Button onClick={() => signIn()}>{t('auth.signIn')}</Button>
      </Spin>
    );
  }
  return <>{children}</>;
}
