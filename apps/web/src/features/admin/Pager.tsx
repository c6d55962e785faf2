import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import './texts';

/** Previous / next over a list the API pages with `first` and `offset` (one item more than a page tells there is a next). */
export function Pager({ page, hasNext, onPage }: { page: number; hasNext: boolean; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  return (
    <Space style={{ marginTop: 12 }}>
      <Button disabled={page === 0} onClick={() => onPage(page - 1)}>
        {t('admin.common.prev')}
      </Button>
      <Typography.Text>{t('admin.common.page', { page: page + 1 })}</Typography.Text>
      <Button disabled={!hasNext} onClick={() => onPage(page + 1)}>
        {t('admin.common.next')}
      </Button>
    </Space>
  );
}
