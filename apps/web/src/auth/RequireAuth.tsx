import { useEffect, type ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from './AuthProvider';

/** Pages behind it need a signed-in user: without one the browser goes to the identity provider. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { manager, user, signIn } = useAuth();
  const { t } = useTranslation();
  useEffect(() => {
    if (manager && !user) void signIn();
  }, [manager, user, signIn]);
  if (!manager) return <Result status="warning" title={t('auth.notConfigured')} subTitle={t('auth.notConfiguredHint')} />;
  if (!user) {
    return (
      <Spin fullscreen tip={t('auth.redirecting')}>
        <Button onClick={() => signIn()}>{t('auth.signIn')}</Button>
      </Spin>
    );
  }
  return <>{children}</>;
}
