import { ApolloProvider } from '@apollo/client';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, useMemo, useState, type ComponentType } from 'react';
import { createBrowserRouter, matchRoutes, RouterProvider, type RouteObject } from 'react-router';
import { createApolloClient } from '../apollo/client';
import { createUserManager } from '../auth/auth';
import { AuthProvider } from '../auth/AuthProvider';
import { RequireAuth } from '../auth/RequireAuth';
import i18n, { loadLocale, type Locale } from '../i18n';
import type { AppConfig } from './config';
import { Shell } from './Shell';
import { ANT_CONFIG } from '../ui/theme';

/** The screens, each its own chunk, by the path that shows it (under the signed-in shell). */
const SCREENS: Array<{ path?: string; index?: true; load: () => Promise<{ default: ComponentType }> }> = [
  { index: true, load: () => import('../features/workbench/WorkbenchPage') },
  { path: 'customers', load: () => import('../features/customers/CustomersPage') },
  { path: 'customers/new', load: () => import('../features/new-customer/NewCustomerPage') },
  { path: 'customers/:id', load: () => import('../features/customers/CustomerPage') },
  { path: 'friday', load: () => import('../features/friday/FridayPage') },
  { path: 'notifications', load: () => import('../features/notifications/NotificationsPage') },
  { path: 'reviews', load: () => import('../features/reviews/ReviewsPage') },
  { path: 'team', load: () => import('../features/team/TeamPage') },
  { path: 'hand-over', load: () => import('../features/hand-over/HandOverPage') },
  { path: 'admin/*', load: () => import('../features/admin/AdminPage') },
  { path: 'archive', load: () => import('../features/archive/ArchivePage') },
  { path: 'archive/snapshots/:id', load: () => import('../features/archive/ArchivedFormPage') },
  { path: 'analytics/*', load: () => import('../features/analytics/AnalyticsPage') },
  { path: '*', load: () => import('./NotFound').then((m) => ({ default: m.NotFound })) },
];
const SCREEN_ROUTES: RouteObject[] = SCREENS.map(({ load, ...route }) => {
  const Screen = lazy(load);
  return { ...route, element: <Screen /> } as RouteObject;
});
const CallbackPage = lazy(() => import('../auth/CallbackPage'));
const SilentPage = lazy(() => import('../auth/SilentPage'));

/**
 * Starts loading the code of the screen a path shows, so that it arrives while the app boots (the
 * configuration, the sign-in check, the shell) instead of after.
 */
export function preloadScreen(pathname: string): void {
  const matches = matchRoutes([{ path: '/', children: SCREENS as RouteObject[] }], pathname);
  const screen = matches?.[matches.length - 1]?.route as (typeof SCREENS)[number] | undefined;
  void screen?.load?.().catch(() => undefined);
}

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
          children: SCREEN_ROUTES,
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
