import { useQuery } from '@apollo/client';
import { BellOutlined, GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { graphql } from '../gql';
import { rememberLocale, type Locale } from '../i18n';
import { PageSkeleton } from '../ui/PageSkeleton';
import { useViewer } from '../ui/useTimezone';

const UnreadQuery = graphql(`
  query UnreadNotifications {
    notifications(unreadOnly: true) {
      id
    }
  }
`);

const NAV = [
  { key: '/', label: 'nav.workbench' },
  { key: '/customers', label: 'nav.customers' },
  { key: '/friday', label: 'nav.friday' },
];

function selectedNav(pathname: string): string {
  if (pathname.startsWith('/customers')) return '/customers';
  if (pathname.startsWith('/friday')) return '/friday';
  return '/';
}

/** Header (brand, navigation, unread notifications, user, language) and the routed page below it. */
export function Shell({ onLocale }: { onLocale: (locale: Locale) => void }) {
  const { t, i18n } = useTranslation();
  const { signOut } = useAuth();
  const { me } = useViewer();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const { data: unread } = useQuery(UnreadQuery, { pollInterval: 60_000 });
  const unreadCount = unread?.notifications.length ?? 0;
  const otherLocale: Locale = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: phone ? 12 : 24, background: '#fff', borderBottom: '1px solid #f0f0f0' }}
      >
        <Link to="/" style={{ fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', color: '#1677ff' }}>
          {phone ? 'ST' : t('app.name')}
        </Link>
        <nav aria-label={t('nav.label')} style={{ flex: 1, minWidth: 0 }}>
          <Menu
            mode="horizontal"
            selectedKeys={[selectedNav(location.pathname)]}
            items={NAV.map((n) => ({ key: n.key, label: <Link to={n.key}>{t(n.label)}</Link> }))}
            style={{ borderBottom: 'none' }}
            disabledOverflow={!phone}
          />
        </nav>
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
              onLocale(otherLocale);
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
      <Layout.Content style={{ padding: phone ? 12 : 24 }}>
        <main>
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}
