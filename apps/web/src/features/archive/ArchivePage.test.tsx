import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomShims, Providers, testClient, viewerAs, viewerHandlers, type Handler } from '../../test/harness';
import ArchivePage from './ArchivePage';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });
// Waiting on what the screen shows (typing, the search's pause, answers), not on a clock: a busy machine may take a while.
configure({ asyncUtilTimeout: 15_000 });

const waiting = (id: string, name: string) => ({
  id,
  name,
  stage: 'NEEDS_CONFIRMED',
  firstContactDate: '2024-03-15',
  owner: { id: 'rep-1', name: '李明' },
  latestReview: {
    id: `r-${id}`,
    comments: '记录完整，同意归档',
    decidedAt: '2024-03-22T09:00:00.000Z',
    reviewer: { id: 'manager-1', name: '陈经理' },
  },
});

const entries = [
  {
    id: 'a-1',
    customerId: 'c-old',
    archiveCode: 'XYZ物流_20240301',
    archivedAt: '2024-03-10T02:00:00.000Z',
    archiver: { id: 'assistant-1', name: '王助理' },
  },
];

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    ...viewerHandlers,
    Viewer: viewerAs('TEAM_ASSISTANT', 'assistant-1', '王助理'),
    ArchiveQueue: () => ({
      data: { customersToArchive: [waiting('c-abc', 'ABC公司'), waiting('c-def', 'DEF科技')] },
    }),
    ArchiveList: (vars) => ({
      data: {
        archivedRecords: vars.search
          ? entries.filter((e) => e.archiveCode.includes(String(vars.search)))
          : entries,
      },
    }),
    ...extra,
  };
}

function renderPage(client: ReturnType<typeof testClient>['client'], path = '/archive') {
  return render(
    <Providers client={client} path={path}>
      <ArchivePage />
    </Providers>,
  );
}

describe('归档', () => {
  it('shows the assistant the approved records waiting, and archives all selected in one request', async () => {
    const user = userEvent.setup();
    const { client, calls } = testClient(
      handlers({
        ArchiveCustomers: (vars) => ({
          data: {
            archiveCustomers: (vars.customerIds as string[]).map((id) => ({
              id,
              name: id === 'c-abc' ? 'ABC公司' : 'DEF科技',
              archiveCode: id === 'c-abc' ? 'ABC公司_20240315' : 'DEF科技_20240315',
              version: 5,
            })),
          },
        }),
      }),
    );
    renderPage(client);
    expect(await screen.findByText('待归档（2 条）')).toBeInTheDocument();
    expect(screen.getAllByText('李明 提交 · 陈经理 2024-03-22 审核通过')).toHaveLength(2);
    const archiveSelected = screen.getByRole('button', { name: /归档所选（0 条）/ });
    expect(archiveSelected).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /全选（2 条）/ }));
    await user.click(screen.getByRole('button', { name: /归档所选（2 条）/ }));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'ArchiveCustomers')).toHaveLength(1));
    expect(calls.find((c) => c.operationName === 'ArchiveCustomers')!.variables.customerIds).toEqual([
      'c-abc',
      'c-def',
    ]);
    expect(await screen.findByText('已归档 2 条记录')).toBeInTheDocument();
  });

  it('archives one record from its own [归档] button and names its code', async () => {
    const user = userEvent.setup();
    const { client, calls } = testClient(
      handlers({
        ArchiveCustomers: () => ({
          data: {
            archiveCustomers: [{ id: 'c-abc', name: 'ABC公司', archiveCode: 'ABC公司_20240315', version: 5 }],
          },
        }),
      }),
    );
    renderPage(client);
    await user.click(await screen.findByRole('button', { name: '归档 ABC公司' }));
    expect(await screen.findByText('已归档 ABC公司：ABC公司_20240315')).toBeInTheDocument();
    expect(
      calls.filter((c) => c.operationName === 'ArchiveCustomers').map((c) => c.variables.customerIds),
    ).toEqual([['c-abc']]);
  });

  it('says why when the server refuses, naming the reason', async () => {
    const user = userEvent.setup();
    const { client } = testClient(
      handlers({
        ArchiveCustomers: () =>
          ({
            errors: [
              {
                message: 'changed',
                extensions: { code: 'CONFLICT', reason: 'CHANGED_SINCE_APPROVAL', customerId: 'c-abc' },
              },
            ],
          }) as never,
      }),
    );
    renderPage(client);
    await user.click(await screen.findByRole('button', { name: '归档 ABC公司' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'ABC公司：审核通过后记录又有改动，需要重新提交审核后才能归档。 本次选中的记录都没有归档。',
    );
  });

  it('searches the archive by code on the server and opens each form by its link', async () => {
    const user = userEvent.setup();
    const { client, calls } = testClient(handlers());
    renderPage(client);
    const list = await screen.findByRole('region', { name: /^归档记录（\d+ 份）$/ });
    const link = await within(list).findByRole('link', { name: 'XYZ物流_20240301' });
    expect(link).toHaveAttribute('href', '/archive/snapshots/a-1');
    expect(within(list).getByText('2024-03-10 10:00 由 王助理 归档')).toBeInTheDocument();
    await user.type(screen.getByRole('searchbox', { name: '按归档编号搜索' }), 'ABC公司_20240315');
    expect(await screen.findByText('没有编号包含“ABC公司_20240315”的归档')).toBeInTheDocument();
    expect(calls.filter((c) => c.operationName === 'ArchiveList').at(-1)!.variables).toEqual({
      search: 'ABC公司_20240315',
      first: 50,
    });
  });

  it('shows the next archived forms after the newest 50, until there are no more', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 53 }, (_, i) => ({
      id: `a-${i}`,
      customerId: `c-${i}`,
      archiveCode: `客户${i}_20240301`,
      archivedAt: '2024-03-10T02:00:00.000Z',
      archiver: { id: 'assistant-1', name: '王助理' },
    }));
    const { client, calls } = testClient(
      handlers({
        ArchiveList: (vars) => {
          const start = vars.after ? many.findIndex((e) => e.id === vars.after) + 1 : 0;
          return { data: { archivedRecords: many.slice(start, start + Number(vars.first)) } };
        },
      }),
    );
    renderPage(client);
    const list = await screen.findByRole('region', { name: '归档记录（50 份）' });
    expect(within(list).getAllByRole('link')).toHaveLength(50);
    await user.click(screen.getByRole('button', { name: '加载更多（已显示 50 份）' }));
    await screen.findByRole('region', { name: '归档记录（53 份）' });
    const links = within(screen.getByRole('region', { name: '归档记录（53 份）' })).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(many.map((e) => e.archiveCode));
    expect(calls.filter((c) => c.operationName === 'ArchiveList').at(-1)!.variables).toEqual({ search: null, first: 50, after: 'a-49' });
    // The last page was shorter than asked: nothing more to load.
    expect(screen.queryByRole('button', { name: /加载更多/ })).not.toBeInTheDocument();
  });

  it('offers a salesperson no archive button: the list of archived forms only', async () => {
    const { client, calls } = testClient(handlers({ Viewer: viewerAs('SALES_REP', 'rep-1', '李明') }));
    renderPage(client);
    expect(await screen.findByText(/归档由团队助理或经理完成/)).toBeInTheDocument();
    await screen.findByRole('link', { name: 'XYZ物流_20240301' });
    expect(screen.queryByRole('button', { name: /归档/ })).not.toBeInTheDocument();
    expect(calls.some((c) => c.operationName === 'ArchiveQueue')).toBe(false);
  });
});
