import { useQuery } from '@apollo/client';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Space } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { mapGraphQLErrors } from '../../ui/errors';
import { useEnumLabels } from '../../ui/labels';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useViewer } from '../../ui/useTimezone';
import { PaperForm } from './PaperForm';
import { parseArchivedForm } from './snapshot';
import './texts';

const ArchivedFormQuery = graphql(`
  query ArchivedForm($id: ID!) {
    archivedRecord(id: $id) {
      id
      customerId
      archiveCode
      archivedAt
      archiver {
        id
        name
      }
      people {
        id
        name
      }
      snapshot
    }
  }
`);

const ArchiveIndustryQuery = graphql(`
  query ArchiveIndustry($code: String!, $locale: String) {
    industries(search: $code, locale: $locale) {
      code
      sectionName
      name
    }
  }
`);

/** One archived snapshot as the printed form (a link to it survives a reload), with 打印. */
export default function ArchivedFormPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { timezone } = useViewer();
  const { labelOf } = useEnumLabels();
  const { data, loading, error } = useQuery(ArchivedFormQuery, { variables: { id } });
  const record = data?.archivedRecord ?? null;
  const form = useMemo(() => (record ? parseArchivedForm(record.snapshot) : null), [record]);
  const code = form?.basics.industryCode ?? null;
  const { data: industries } = useQuery(ArchiveIndustryQuery, {
    variables: { code: code ?? '', locale: i18n.language },
    skip: !code,
  });
  const names = useMemo(() => new Map((record?.people ?? []).map((p) => [p.id, p.name])), [record]);

  // The printed file is named after the archive code.
  useEffect(() => {
    if (!record) return;
    const before = document.title;
    document.title = record.archiveCode;
    return () => {
      document.title = before;
    };
  }, [record]);

  if (!data && loading) return <PageSkeleton rows={12} />;
  if (error && !data) {
    return (
      <Alert
        type="error"
        showIcon
        message={t('errors.loadFailed')}
        description={mapGraphQLErrors(error, t).general.join(' ')}
      />
    );
  }
  if (!record || !form) {
    return (
      <Result
        status="404"
        title={t('archive.notFound')}
        extra={
          <Link to="/archive">
            <Button type="primary">{t('archive.back')}</Button>
          </Link>
        }
      />
    );
  }
  const industry = industries?.industries.find((i) => i.code === code);
  return (
    <div>
      <Space
        wrap
        className="pf-no-print"
        style={{
          width: '100%',
          justifyContent: 'space-between',
          maxWidth: 800,
          margin: '0 auto 12px',
          display: 'flex',
        }}
      >
        <Link to="/archive">
          <ArrowLeftOutlined /> {t('archive.back')}
        </Link>
        <Space wrap>
          <Link to={`/customers/${record.customerId}`}>{t('archive.openCustomer')}</Link>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('archive.print')}
          </Button>
        </Space>
      </Space>
      <PaperForm
        form={form}
        archiveCode={record.archiveCode}
        archivedAt={record.archivedAt}
        archiverName={record.archiver?.name ?? null}
        industry={industry ? t('archive.form.industryValue', { section: industry.sectionName, name: industry.name, code: industry.code }) : (code ?? '')}
        labelOf={labelOf}
        nameOf={(userId) => (userId ? (names.get(userId) ?? userId) : '')}
        timezone={timezone}
      />
    </div>
  );
}
