import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FetchResult } from '@apollo/client';
import { badInput, installDomShims, Providers, testClient, viewerHandlers, type Handler } from '../../test/harness';
import NewCustomerPage, { toCreateInput } from './NewCustomerPage';
import dayjs from 'dayjs';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const industries: Record<string, Handler> = {
  IndustrySections: () => ({ data: { industries: [{ code: 'C', name: '制造业', hasChildren: true }] } }),
  IndustryChildren: () => ({ data: { industries: [{ code: 'C36', name: '汽车制造业', hasChildren: true }] } }),
};

const noSimilar: Handler = () => ({ data: { similarCustomers: { inOtherTeams: false, customers: [] } } });

function renderPage(handlers: Record<string, Handler>) {
  const harness = testClient({ ...viewerHandlers, ...industries, SimilarCustomers: noSimilar, ...handlers });
  render(
    <Providers client={harness.client} path="/customers/new">
      <NewCustomerPage />
    </Providers>,
  );
  return harness;
}

async function fillValidForm(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('客户名称'), 'ABC公司');
  await user.click(screen.getByLabelText('所属行业'));
  await user.click(await screen.findByText('制造业'));
  await user.click(await screen.findByText('汽车制造业'));
  await user.keyboard('{Escape}');
  await user.click(screen.getByLabelText('来源渠道'));
  await user.click(await screen.findByTitle('展会推荐'));
  await user.type(screen.getByLabelText('姓名'), '王总');
}

describe('新建客户', () => {
  it('checks the form’s required parts before sending anything', async () => {
    const user = userEvent.setup();
    const { calls } = renderPage({});
    await user.click(await screen.findByRole('button', { name: /保存客户/ }));
    // Each field's rule settles on its own: every message is waited for, none assumed to be there already.
    for (const message of ['请填写客户名称', '请选择所属行业', '请选择来源渠道', '请填写联系人姓名']) {
      expect(await screen.findByText(message)).toBeInTheDocument();
    }
    expect(calls.some((c) => c.operationName === 'CreateCustomer')).toBe(false);
  });

  it('shows a duplicate, similar names and a clash with another team while the name is typed', async () => {
    const user = userEvent.setup();
    const { calls } = renderPage({
      SimilarCustomers: (vars) => ({
        data: {
          similarCustomers: {
            inOtherTeams: true,
            customers:
              vars.name === 'ABC公司'
                ? [
                    { similarity: 1, customer: { id: 'c1', name: 'ABC公司', stage: 'LEAD_NURTURING', owner: { id: 'u', name: '李明' } } },
                    { similarity: 0.6, customer: { id: 'c2', name: 'ABC科技公司', stage: 'LEAD_NURTURING', owner: { id: 'u', name: '李明' } } },
                  ]
                : [],
          },
        },
      }),
    });
    await user.type(await screen.findByLabelText('客户名称'), 'ABC公司');
    expect(await screen.findByText('团队里已有同名客户')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'ABC公司' })).toHaveAttribute('href', '/customers/c1');
    expect(screen.getByRole('link', { name: 'ABC科技公司' })).toBeInTheDocument();
    expect(screen.getByText(/其他团队有名称相近的客户/)).toBeInTheDocument();
    expect(calls.filter((c) => c.operationName === 'SimilarCustomers').at(-1)!.variables).toEqual({ name: 'ABC公司' });
  });

  it('puts DUPLICATE_CUSTOMER on the name, with the way to the existing customer', async () => {
    const user = userEvent.setup();
    const { calls } = renderPage({
      CreateCustomer: () =>
        ({ errors: [{ message: 'A customer with this name already exists in this team', extensions: { code: 'CONFLICT', reason: 'DUPLICATE_CUSTOMER', customerId: 'c1' } }] }) as unknown as FetchResult,
    });
    await fillValidForm(user);
    await user.click(screen.getByRole('button', { name: /保存客户/ }));
    await waitFor(() => expect(calls.some((c) => c.operationName === 'CreateCustomer')).toBe(true));
    const field = screen.getByLabelText('客户名称').closest('.ant-form-item') as HTMLElement;
    expect(await within(field).findByText('团队里已有同名客户，不能重复建档。')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '打开已有的同名客户' })).toHaveAttribute('href', '/customers/c1');
    const input = calls.find((c) => c.operationName === 'CreateCustomer')!.variables.input as Record<string, unknown>;
    expect(input).toMatchObject({ name: 'ABC公司', industryCode: 'C36', sourceChannel: 'TRADE_SHOW', contacts: [{ name: '王总', role: 'DECISION_MAKER' }] });
  });

  it('puts a contact’s server error on that contact’s field', async () => {
    const user = userEvent.setup();
    renderPage({ CreateCustomer: () => badInput('input.contacts.0.phone', 'INVALID_PHONE', 'phone is not a phone number') });
    await fillValidForm(user);
    await user.type(screen.getByLabelText(/^电话/), 'abc');
    await user.click(screen.getByRole('button', { name: /保存客户/ }));
    const field = screen.getByLabelText(/^电话/).closest('.ant-form-item') as HTMLElement;
    expect(await within(field).findByText('电话号码格式不对。')).toBeInTheDocument();
  });
});

describe('toCreateInput', () => {
  it('sends the deepest industry level picked and drops empty optional fields', () => {
    const input = toCreateInput({
      name: ' ABC公司 ',
      kind: 'ENTERPRISE',
      industryCode: ['C', 'C36', 'C361', 'C3612'],
      firstContactDate: dayjs('2024-03-15', 'YYYY-MM-DD'),
      sourceChannel: 'TRADE_SHOW',
      sourceDetail: '  ',
      contacts: [{ name: '王总', role: 'DECISION_MAKER', phone: '' }],
    });
    expect(input).toEqual({
      name: 'ABC公司',
      kind: 'ENTERPRISE',
      industryCode: 'C3612',
      firstContactDate: '2024-03-15',
      sourceChannel: 'TRADE_SHOW',
      sourceDetail: undefined,
      remarks: undefined,
      contacts: [{ name: '王总', role: 'DECISION_MAKER', title: undefined, phone: undefined, email: undefined }],
    });
  });
});
