import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { badInput, installDomShims, Providers, testClient, viewerAs, viewerHandlers, type Handler } from '../../test/harness';
import HandOverPage from './HandOverPage';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const manager = viewerAs('SALES_MANAGER', 'manager-1', '陈经理');

const choices: Handler = () => ({
  data: {
    users: {
      edges: [
        { node: { id: 'manager-1', name: '陈经理', role: 'SALES_MANAGER', active: true } },
        { node: { id: 'rep-1', name: '李明', role: 'SALES_REP', active: true } },
        { node: { id: 'rep-2', name: '王芳', role: 'SALES_REP', active: true } },
      ],
    },
    customers: { edges: [{ node: { id: 'c-xyz', name: 'XYZ物流', owner: { id: 'rep-1', name: '李明' } } }] },
  },
});

function renderPage(extra: Record<string, Handler>) {
  const client = testClient({ ...viewerHandlers, Viewer: manager, HandOverChoices: choices, RecentHandOvers: () => ({ data: { handOvers: [] } }), ...extra });
  render(
    <Providers client={client.client} path="/hand-over">
      <HandOverPage />
    </Providers>,
  );
  return client;
}

/** Opens the select named `label`, types to narrow it, and picks the option titled `option`. */
async function pick(user: ReturnType<typeof userEvent.setup>, label: string, typed: string, option: string) {
  const box = screen.getByRole('combobox', { name: label });
  await user.click(box);
  await user.type(box, typed);
  await user.click(await screen.findByTitle(option));
}

describe('交接', () => {
  it('moves one customer after the confirmation and says how many moved', async () => {
    const user = userEvent.setup();
    const { calls } = renderPage({
      TransferCustomer: () => ({ data: { transferCustomers: [{ id: 'c-xyz', ownerId: 'rep-2', owner: { id: 'rep-2', name: '王芳' } }] } }),
    });
    await screen.findByRole('combobox', { name: '客户' });
    await pick(user, '客户', 'XYZ', 'XYZ物流 · 李明');
    await pick(user, '接手人', '王', '王芳');
    await user.type(screen.getByRole('textbox', { name: '交接原因' }), '李明调往华南团队');
    await user.click(screen.getByRole('button', { name: /移\s?交/ }));
    const dialog = await screen.findByRole('dialog', { name: '把 XYZ物流 移交给 王芳？' });
    expect(calls.some((c) => c.operationName === 'TransferCustomer')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: '确认交接' }));
    expect(await screen.findByText('已移交 1 个客户给 王芳')).toBeInTheDocument();
    expect(calls.find((c) => c.operationName === 'TransferCustomer')!.variables).toEqual({ customerIds: ['c-xyz'], toUserId: 'rep-2', reason: '李明调往华南团队' });
  });

  it('puts the server’s refusal on the field it names', async () => {
    const user = userEvent.setup();
    const { calls } = renderPage({
      HandOverHoldings: () => ({ data: { user: { id: 'rep-1', name: '李明', holdings: { customerCount: 3, openNextActionCount: 5, pendingReviewsSubmitted: [] } } } }),
      HandOverAll: () => badInput('toUserId', 'SAME_OWNER', 'A person cannot hand over to themself'),
    });
    await screen.findByRole('combobox', { name: '客户' });
    await user.click(screen.getByText('离职交接（全部）'));
    await pick(user, '交出人', '李', '李明');
    expect(await screen.findByText('李明 目前负责 3 个客户、5 个进行中的行动、0 条待审核的提交。')).toBeInTheDocument();
    await pick(user, '接手人', '王', '王芳');
    await user.type(screen.getByRole('textbox', { name: '交接原因' }), '离职');
    await user.click(screen.getByRole('button', { name: '全部交接' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '确认交接' }));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'HandOverAll')).toHaveLength(1));
    expect(await screen.findByText('接手人不能是原负责人')).toBeInTheDocument();
    expect(screen.queryByText(/交接完成/)).not.toBeInTheDocument();
  });
});
