import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** 本周提交: this week's changed records and their findings before submitting (being built). */
export default function FridayPage() {
  const { t } = useTranslation();
  return (
    <div style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('friday.title')}
      </Typography.Title>
      <Card>
        <Empty description={t('friday.placeholder')}>
          <Link to="/customers">{t('workbench.toCustomers')}</Link>
        </Empty>
      </Card>
    </div>
  );
}
