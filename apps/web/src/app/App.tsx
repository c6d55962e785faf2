import { ApolloProvider } from '@apollo/client';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, useMemo, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createApolloClient } from '../apollo/client';
import { createUserManager } from '../auth/auth';
import { AuthProvider } from '../auth/AuthProvider';
import { RequireAuth } from '../auth/RequireAuth';
import i18n, { loadLocale, type Locale } from '../i18n';
import type { AppConfig } from './config';
import { Shell } from './Shell';
import { ANT_CONFIG } from '../ui/theme';

const WorkbenchPage = lazy(() => import('../features/workbench/WorkbenchPage'));
const CustomersPage = lazy(() => import('../features/customers/CustomersPage'));
const CustomerPage = lazy(() => import('../features/customers/CustomerPage'));
const NewCustomerPage = lazy(() => import('../features/new-customer/NewCustomerPage'));
const FridayPage = lazy(() => import('../features/friday/FridayPage'));
const NotificationsPage = lazy(() => import('../features/notifications/NotificationsPage'));
const ReviewsPage = lazy(() => import('../features/reviews/ReviewsPage'));
const TeamPage = lazy(() => import('../features/team/TeamPage'));
const HandOverPage = lazy(() => import('../features/hand-over/HandOverPage'));
const AdminPage = lazy(() => import('../features/admin/AdminPage'));
const ArchivePage = lazy(() => import('../features/archive/ArchivePage'));
const ArchivedFormPage = lazy(() => import('../features/archive/ArchivedFormPage'));
const AnalyticsPage = lazy(() => import('../features/analytics/AnalyticsPage'));
const CallbackPage = lazy(() => import('../auth/CallbackPage'));
const SilentPage = lazy(() => import('../auth/SilentPage'));
const NotFound = lazy(() => import('./NotFound').then((m) => ({ default: m.NotFound })));

export function App({ config }: { config: AppConfig }) {
  const [locale, setLocale] = useState<Locale>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const manager = useMemo(() => (config.oidc ? createUserManager(config.oidc) : null), [config]);
  const client = useMemo(
    () =>
      createApolloClient(manager, () => {
        void manager?.removeUser();
      }),
    [manager],
  );
  const changeLocale = async (next: Locale) => {
    await loadLocale(next);
    await i18n.changeLanguage(next);
    document.documentElement.lang = next;
    dayjs.locale(next === 'en' ? 'en' : 'zh-cn');
    setLocale(next);
  };
  const router = useMemo(
    () =>
      createBrowserRouter([
        { path: '/auth/callback', element: <CallbackPage /> },
        { path: '/auth/silent', element: <SilentPage /> },
        {
          path: '/',
          element: (
            <RequireAuth>
              <Shell onLocale={changeLocale} />
            </RequireAuth>
          ),
          children: [
            { index: true, element: <WorkbenchPage /> },
            { path: 'customers', element: <CustomersPage /> },
            { path: 'customers/new', element: <NewCustomerPage /> },
            { path: 'customers/:id', element: <CustomerPage /> },
            { path: 'friday', element: <FridayPage /> },
            { path: 'notifications', element: <NotificationsPage /> },
            { path: 'reviews', element: <ReviewsPage /> },
            { path: 'team', element: <TeamPage /> },
            { path: 'hand-over', element: <HandOverPage /> },
            { path: 'admin/*', element: <AdminPage /> },
            { path: 'archive', element: <ArchivePage /> },
            { path: 'archive/snapshots/:id', element: <ArchivedFormPage /> },
            { path: 'analytics/*', element: <AnalyticsPage /> },
            { path: '*', element: <NotFound /> },
          ],
        },
      ]),
    [],
  );
  return (
    <ConfigProvider {...ANT_CONFIG} locale={locale === 'en' ? enUS : zhCN}>
      <AntApp>
        <AuthProvider manager={manager}>
          <ApolloProvider client={client}>
            <RouterProvider router={router} />
          </ApolloProvider>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
