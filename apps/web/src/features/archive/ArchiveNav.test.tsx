import { configure, render, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { Shell } from '../../app/Shell';
import { AuthProvider } from '../../auth/AuthProvider';
import { installDomShims, Providers, testClient, viewerAs, viewerHandlers } from '../../test/harness';

installDomShims();
vi.setConfig({ testTimeout: 60_000 });
configure({ asyncUtilTimeout: 15_000 });

const someone = (role: string) => viewerAs(role, `u-${role}`, '某人');

function renderShell(role: string) {
  const { client } = testClient({ ...viewerHandlers, Viewer: someone(role), UnreadNotifications: () => ({ data: { notifications: [] } }) });
  render(
    <Providers client={client} path="/">
      <AuthProvider manager={null}>
        <Routes>
          <Route path="/" element={<Shell onLocale={async () => undefined} />}>
            <Route index element={<p>首页</p>} />
          </Route>
        </Routes>
      </AuthProvider>
    </Providers>,
  );
}

describe('the 归档 navigation item', () => {
  it.each(['TEAM_ASSISTANT', 'SALES_MANAGER', 'ADMIN'])('is there for %s', async (role) => {
    renderShell(role);
    const nav = screen.getByRole('navigation', { name: '主导航' });
    expect(await within(nav).findByRole('link', { name: '归档' })).toHaveAttribute('href', '/archive');
  });

  it.each(['SALES_REP', 'MARKETING', 'AFTER_SALES'])('is not there for %s', async (role) => {
    renderShell(role);
    await screen.findByRole('button', { name: '账号：某人' });
    const nav = screen.getByRole('navigation', { name: '主导航' });
    expect(within(nav).getByRole('link', { name: '本周提交' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: '归档' })).not.toBeInTheDocument();
  });
});
