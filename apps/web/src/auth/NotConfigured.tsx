import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** No identity provider configured at the gateway (WEB_OIDC_ISSUER): nobody can sign in. */
export default function NotConfigured() {
  const { t } = useTranslation();
  return <Result status="warning" title={t('auth.notConfigured')} subTitle={t('auth.notConfiguredHint')} />;
}
