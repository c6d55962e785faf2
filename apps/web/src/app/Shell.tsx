import { useQuery } from '@apollo/client';
import {
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  FolderOpenOutlined,
  GlobalOutlined,
  HomeOutlined,
  LogoutOutlined,
  SettingOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import { Badge, Button, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { graphql } from '../gql';
import { rememberLocale, type Locale } from '../i18n';
import { PageSkeleton } from '../ui/PageSkeleton';
import { canHandOver, canReview, canSeeTeam } from '../ui/roles';
import { BRAND_BLUE } from '../ui/theme';
import { useViewer } from '../ui/useTimezone';
import { canArchive } from '../features/archive/roles';
import { canSeeAnalytics } from '../features/analytics/access';

const UnreadQuery = graphql(`
  query UnreadNotifications {
    notifications(unreadOnly: true) {
      id
    }
  }
`);

const NAV = [
  { key: '/', label: 'nav.workbench', icon: <HomeOutlined /> },
  { key: '/customers', label: 'nav.customers', icon: <TeamOutlined /> },
  { key: '/friday', label: 'nav.friday', icon: <CalendarOutlined /> },
  // The manager's screens and the archive, each shown only to the roles that may use it.
  { key: '/reviews', label: 'nav.reviews', icon: <AuditOutlined />, show: canReview },
  { key: '/team', label: 'nav.team', icon: <UsergroupAddOutlined />, show: canSeeTeam },
  { key: '/hand-over', label: 'nav.handOver', icon: <SwapOutlined />, show: canHandOver },
  { key: '/archive', label: 'nav.archive', icon: <FolderOpenOutlined />, show: canArchive },
  { key: '/analytics', label: 'nav.analytics', icon: <BarChartOutlined />, show: canSeeAnalytics },
  // Administration: for ADMIN only (the server refuses everyone else anyway).
  { key: '/admin', label: 'nav.admin', icon: <SettingOutlined />, show: (role: string | null | undefined) => role === 'ADMIN' },
];

const PHONE_TABS = 4;

function selectedNav(pathname: string): string {
  const section = NAV.find((n) => n.key !== '/' && pathname.startsWith(n.key));
  // The workbench is `/` itself: notifications and unknown pages are no section of the navigation.
  return section?.key ?? (pathname === '/' ? '/' : '');
}

/** Header (brand, navigation, unread notifications, user, language) and the routed page below it. */
export function Shell({ onLocale }: { onLocale: (locale: Locale) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { signOut } = useAuth();
  const { me } = useViewer();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const { data: unread } = useQuery(UnreadQuery, { pollInterval: 60_000 });
  const unreadCount = unread?.notifications.length ?? 0;
  const nav = NAV.filter((n) => !n.show || n.show(me?.role));
  // A phone's tab bar holds four sections; a fifth and more go under 更多 (more).
  const phoneTabs = nav.length > PHONE_TABS + 1 ? nav.slice(0, PHONE_TABS) : nav;
  const phoneMore = nav.slice(phoneTabs.length);
  const moreActive = phoneMore.some((n) => n.key === selectedNav(location.pathname));
  const otherLocale: Locale = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: phone ? 12 : 24, background: '#fff', borderBottom: '1px solid #f0f0f0' }}
      >
        <Link to="/" style={{ fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', color: BRAND_BLUE }}>
          {t('app.name')}
        </Link>
        {phone ? (
          <div style={{ flex: 1 }} />
        ) : (
          <nav aria-label={t('nav.label')} style={{ flex: 1, minWidth: 0 }}>
            <Menu
              mode="horizontal"
              selectedKeys={[selectedNav(location.pathname)]}
              items={nav.map((n) => ({ key: n.key, label: <Link to={n.key}>{t(n.label)}</Link> }))}
              style={{ borderBottom: 'none', background: 'transparent' }}
              disabledOverflow
            />
          </nav>
        )}
        <Space size={phone ? 4 : 12}>
          <Badge count={unreadCount} size="small" overflowCount={99}>
            <Button
              type="text"
              icon={<BellOutlined />}
              aria-label={t('nav.notifications', { count: unreadCount })}
              onClick={() => navigate('/notifications')}
            />
          </Badge>
          <Button
            type="text"
            icon={<GlobalOutlined />}
            aria-label={t('nav.switchLanguage')}
            onClick={() => {
              rememberLocale(otherLocale);
              void onLocale(otherLocale);
            }}
          >
            {phone ? null : t('nav.otherLanguage')}
          </Button>
          <Dropdown
            menu={{
              items: [{ key: 'signout', icon: <LogoutOutlined />, label: t('auth.signOut'), onClick: () => void signOut() }],
            }}
          >
            <Button type="text" icon={<UserOutlined />} aria-label={t('nav.account', { name: me?.name ?? '' })}>
              {phone ? null : <Typography.Text>{me?.name ?? ''}</Typography.Text>}
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: phone ? '12px 12px 72px' : 24 }}>
        <main>
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
      {phone && (
        // On a phone the sections are a tab bar at the thumb's reach.
        <nav
          aria-label={t('nav.label')}
          style={{ position: 'fixed', bottom: 0, left: 0, right: 0, display: 'flex', background: '#fff', borderTop: '1px solid #f0f0f0', zIndex: 10 }}
        >
          {phoneTabs.map((n) => {
            const active = selectedNav(location.pathname) === n.key;
            return (
              <Link
                key={n.key}
                to={n.key}
                aria-current={active ? 'page' : undefined}
                style={{ flex: 1, textAlign: 'center', padding: '8px 0 10px', color: active ? BRAND_BLUE : '#595959', fontSize: 12 }}
              >
                <div style={{ fontSize: 18 }}>{n.icon}</div>
                {t(n.label)}
              </Link>
            );
          })}
          {phoneMore.length > 0 && (
            <Dropdown
              trigger={['click']}
              placement="topRight"
              menu={{
                selectedKeys: [selectedNav(location.pathname)],
                items: phoneMore.map((n) => ({ key: n.key, icon: n.icon, label: t(n.label) })),
                onClick: ({ key }) => navigate(key),
              }}
            >
              <button
                type="button"
                aria-current={moreActive ? 'page' : undefined}
                style={{ flex: 1, textAlign: 'center', padding: '8px 0 10px', color: moreActive ? BRAND_BLUE : '#595959', fontSize: 12, background: 'none', border: 'none', cursor: 'pointer' }}
              >
                <div style={{ fontSize: 18 }}>
                  <AppstoreOutlined />
                </div>
                {t('nav.more')}
              </button>
            </Dropdown>
          )}
        </nav>
      )}
    </Layout>
  );
}
