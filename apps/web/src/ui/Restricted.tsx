import { LockOutlined } from '@ant-design/icons';
import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The value a role may not see: says so, with a lock, never an empty cell that looks like missing data. */
export function Restricted() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('common.restrictedHint')}>
      <Typography.Text type="secondary" aria-label={t('common.restricted')}>
        <LockOutlined /> {t('common.restricted')}
      </Typography.Text>
    </Tooltip>
  );
}

/** A value, "restricted" when withheld, or a dash when truly empty. */
export function FieldValue({ restricted, value }: { restricted: boolean; value: React.ReactNode }) {
  if (restricted) return <Restricted />;
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  return <>{value}</>;
}
