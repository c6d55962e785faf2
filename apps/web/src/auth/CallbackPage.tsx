import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SignInState } from './auth';
import { useAuth } from './AuthProvider';

/** `/auth/callback`: exchanges the code (PKCE) for tokens, then returns to the page that asked. */
export default function CallbackPage() {
  const { manager, signIn } = useAuth();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (!manager || started.current) return;
    started.current = true;
    manager.signinRedirectCallback().then(
      (user) => navigate((user.state as SignInState | undefined)?.returnTo ?? '/', { replace: true }),
      (error: Error) => setFailed(error.message),
    );
  }, [manager, navigate]);
  if (failed) {
    return (
      <Result
        status="warning"
        title={t('auth.callbackFailed')}
        subTitle={<Alert type="warning" message={failed} />}
        extra={<Button type="primary" onClick={() => signIn('/')}>{t('auth.signInAgain')}</Button>}
      />
    );
  }
  return <Spin fullscreen tip={t('auth.signingIn')} />;
}
