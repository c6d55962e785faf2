import { Button, Menu, Result, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { NotFound } from '../../app/NotFound';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useViewer } from '../../ui/useTimezone';
import './texts';

const PeoplePage = lazy(() => import('./PeoplePage'));
const TeamsPage = lazy(() => import('./TeamsPage'));
const ChannelsPage = lazy(() => import('./ChannelsPage'));
const LogsPage = lazy(() => import('./LogsPage'));

const SECTIONS = ['people', 'teams', 'channels', 'logs'] as const;

/** What a person without the ADMIN role sees on /admin: a clear refusal, and the way back. */
export function NoAdminAccess() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('admin.noAccess.title')}</h1>}
      subTitle={t('admin.noAccess.body')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('admin.noAccess.back')}
        </Button>
      }
    />
  );
}

/** /admin for ADMIN: people, teams, notification channels and the logs, each its own address. */
export default function AdminPage() {
  const { t } = useTranslation();
  const { me, loading } = useViewer();
  const location = useLocation();
  if (!me) return loading ? <PageSkeleton /> : <NoAdminAccess />;
  if (me.role !== 'ADMIN') return <NoAdminAccess />;
  const current = SECTIONS.find((s) => location.pathname.startsWith(`/admin/${s}`)) ?? 'people';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('admin.title')}
      </Typography.Title>
      <nav aria-label={t('admin.sections')} style={{ marginBottom: 16 }}>
        <Menu
          mode="horizontal"
          selectedKeys={[current]}
          disabledOverflow
          style={{ flexWrap: 'wrap', background: 'transparent' }}
          items={SECTIONS.map((s) => ({
            key: s,
            label: <Link to={`/admin/${s}`}>{t(`admin.tabs.${s}`)}</Link>,
          }))}
        />
      </nav>
      <Suspense fallback={<PageSkeleton />}>
        <Routes>
          <Route index element={<Navigate to="people" replace />} />
          <Route path="people" element={<PeoplePage />} />
          <Route path="teams" element={<TeamsPage />} />
          <Route path="channels" element={<ChannelsPage />} />
          <Route path="logs" element={<LogsPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </>
  );
}
