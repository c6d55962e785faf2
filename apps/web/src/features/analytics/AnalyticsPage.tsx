import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  ConfigProvider,
  DatePicker,
  Menu,
  Result,
  Segmented,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useOptionalAuth } from '../../auth/AuthProvider';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useViewer } from '../../ui/useTimezone';
import { canSeeAnalytics, seesEveryTeam } from './access';
import { downloadCsv } from './exportCsv';
import { useTeams } from './GroupName';
import { MAX_PERIOD_DAYS, PERIOD_KINDS, daysIn, type PeriodKind } from './period';
import { DIMENSIONS, useAnalyticsParams } from './params';
import './texts';

const FunnelPage = lazy(() => import('./FunnelPage'));
const EfficiencyPage = lazy(() => import('./EfficiencyPage'));
const PipelinePage = lazy(() => import('./PipelinePage'));

const SECTIONS = [
  { path: 'funnel', label: 'analytics.section.funnel' },
  { path: 'efficiency', label: 'analytics.section.efficiency' },
  { path: 'pipeline', label: 'analytics.section.pipeline' },
];

/** 分析: the conversion funnel, follow-up efficiency and pipeline, for managers, marketing and administrators. */
export default function AnalyticsPage() {
  const { t } = useTranslation();
  const { me, loading } = useViewer();
  const location = useLocation();
  if (!me && loading) return <PageSkeleton />;
  if (!canSeeAnalytics(me?.role)) {
    return (
      <Result
        status="403"
        title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('analytics.noAccess.title')}</h1>}
        subTitle={t('analytics.noAccess.body')}
        extra={
          <Link to="/">
            <Button type="primary">{t('analytics.noAccess.back')}</Button>
          </Link>
        }
      />
    );
  }
  const current =
    SECTIONS.find((s) => location.pathname.startsWith(`/analytics/${s.path}`))?.path ?? 'funnel';
  return (
    <ConfigProvider theme={HOVER_THEME}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('analytics.title')}
        </Typography.Title>
        <nav aria-label={t('analytics.sections')}>
          <Menu
            mode="horizontal"
            selectedKeys={[current]}
            items={SECTIONS.map((s) => ({
              key: s.path,
              label: <Link to={`/analytics/${s.path}${location.search}`}>{t(s.label)}</Link>,
            }))}
            style={{ background: 'transparent' }}
            disabledOverflow
          />
        </nav>
        <Suspense fallback={<PageSkeleton />}>
          <Routes>
            <Route index element={<Navigate to={`funnel${location.search}`} replace />} />
            <Route path="funnel" element={<FunnelPage />} />
            <Route path="efficiency" element={<EfficiencyPage />} />
            <Route path="pipeline" element={<PipelinePage />} />
            <Route path="*" element={<Navigate to="funnel" replace />} />
          </Routes>
        </Suspense>
      </Space>
    </ConfigProvider>
  );
}

/**
 * The stage links sit in table rows that tint on hover: the default hover blue is too light there, so
 * hovered links and buttons take a darker blue (WCAG AA contrast on the tinted row).
 */
const HOVER_THEME = { token: { colorLinkHover: '#003eb3', colorPrimaryHover: '#003eb3' } };

/** The period picker (本周 / 本月 / 本季度 / 自定义), with the dates it stands for. */
export function PeriodPicker() {
  const { t } = useTranslation();
  const { kind, period, update } = useAnalyticsParams();
  const [tooLong, setTooLong] = useState(false);
  return (
    <Space wrap size="small" align="center">
      <Segmented<PeriodKind>
        aria-label={t('analytics.period.label')}
        value={kind}
        options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`analytics.period.${k}`) }))}
        onChange={(next) => {
          setTooLong(false);
          update(
            next === 'custom'
              ? { period: 'custom', from: period.from, to: period.to, stage: null }
              : { period: next, from: null, to: null, stage: null },
          );
        }}
      />
      {kind === 'custom' ? (
        <DatePicker.RangePicker
          aria-label={t('analytics.period.pick')}
          allowClear={false}
          value={[dayjs(period.from), dayjs(period.to)]}
          onChange={(range) => {
            const [from, to] = range ?? [];
            if (!from || !to) return;
            const next = { from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') };
            if (daysIn(next) > MAX_PERIOD_DAYS) {
              setTooLong(true);
              return;
            }
            setTooLong(false);
            update({ period: 'custom', ...next, stage: null });
          }}
        />
      ) : (
        <Typography.Text type="secondary">
          {t('analytics.period.range', { from: period.from, to: period.to })}
        </Typography.Text>
      )}
      {tooLong && <Typography.Text type="danger">{t('analytics.period.tooLong')}</Typography.Text>}
    </Space>
  );
}

/** Group by owner, team, industry or channel (or not at all). */
export function GroupByPicker() {
  const { t } = useTranslation();
  const { groupBy, update } = useAnalyticsParams();
  return (
    <Select
      aria-label={t('analytics.groupBy.label')}
      value={groupBy ?? ''}
      style={{ minWidth: 128 }}
      options={[
        { value: '', label: t('analytics.groupBy.none') },
        ...DIMENSIONS.map((d) => ({ value: d, label: t(`analytics.groupBy.${d}`) })),
      ]}
      onChange={(value: string) => update({ groupBy: value || null, group: null, stage: null })}
    />
  );
}

/** MARKETING and ADMIN see every team and may narrow to one; for the others the API scopes by itself. */
export function TeamPicker() {
  const { t } = useTranslation();
  const { me } = useViewer();
  const { teamId, update } = useAnalyticsParams();
  const teams = useTeams();
  if (!seesEveryTeam(me?.role)) return null;
  return (
    <Select
      aria-label={t('analytics.team.label')}
      value={teamId ?? ''}
      style={{ minWidth: 140 }}
      options={[
        { value: '', label: t('analytics.team.all') },
        ...teams.map((team) => ({ value: team.id, label: team.name })),
      ]}
      onChange={(value: string) => update({ team: value || null, group: null, stage: null })}
    />
  );
}

/** Downloads the report as CSV from the gateway, with the Bearer token (see exportCsv.ts). */
export function ExportButton({ url }: { url: string }) {
  const { t } = useTranslation();
  const auth = useOptionalAuth();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const user = await auth?.manager?.getUser();
          const name = await downloadCsv(url, user?.access_token);
          void message.success(t('analytics.export.done', { name }));
        } catch (error) {
          void message.error(t('analytics.export.failed', { message: (error as Error).message }));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('analytics.export.button')}
    </Button>
  );
}
