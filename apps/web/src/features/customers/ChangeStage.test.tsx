import { MockedProvider, type MockedResponse } from '@apollo/client/testing';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import { GraphQLError } from 'graphql';
import { ChangeStageDocument, EnumLabelsDocument } from '../../gql/graphql';
import { initI18n } from '../../i18n';
import { ANT_CONFIG } from '../../ui/theme';
import { ChangeStage } from './ChangeStage';

initI18n('zh-CN');

const LABELS = [
  ['LEAD_NURTURING', '线索培育'],
  ['NEEDS_CONFIRMED', '需求确认'],
  ['PROPOSAL_PRESENTED', '方案呈现'],
  ['NEGOTIATION', '谈判推进'],
  ['DEAL_SIGNING', '成交签约'],
  ['AFTER_SALES', '售后维护'],
  ['LEAD_TERMINATED', '线索终止'],
];

function mocks(result: MockedResponse['result'], variables: Record<string, unknown>): MockedResponse[] {
  return [
    {
      request: { query: EnumLabelsDocument, variables: { locale: 'zh-CN' } },
      result: {
        data: {
          enumLabels: LABELS.map(([value, label]) => ({
            __typename: 'EnumLabel',
            enum: 'SalesStage',
            value,
            label,
          })),
        },
      },
    },
    { request: { query: ChangeStageDocument, variables }, result },
  ];
}

async function openAndChoose(stage: string) {
  fireEvent.click(screen.getByRole('button', { name: '调整阶段' }));
  const dialog = await screen.findByRole('dialog');
  fireEvent.mouseDown(within(dialog).getByRole('combobox'));
  fireEvent.click(await screen.findByTitle(stage));
  return dialog;
}

describe('changing the stage', () => {
  it('shows the server’s REASON_REQUIRED under the reason field and stays open', async () => {
    const onChanged = vi.fn();
    render(
      <MockedProvider
        mocks={mocks(
          {
            errors: [
              new GraphQLError('reason required', {
                extensions: { code: 'BAD_USER_INPUT', field: 'reason', reason: 'REASON_REQUIRED' },
              }),
            ],
          },
          { customerId: 'c1', to: 'LEAD_TERMINATED', reason: null, expectedVersion: 3 },
        )}
      >
        <ConfigProvider {...ANT_CONFIG}>
          <AntApp>
            <ChangeStage customerId="c1" stage="LEAD_NURTURING" version={3} onChanged={onChanged} />
          </AntApp>
        </ConfigProvider>
      </MockedProvider>,
    );
    const dialog = await openAndChoose('线索终止');
    expect(within(dialog).getByText(/终止线索必须写明原因/)).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    const message = await within(dialog).findByText('请填写原因。');
    // On the reason field: its form item carries the error.
    expect(message.closest('.ant-form-item')).toHaveTextContent('原因');
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('offers to reload the record on a CONFLICT, keeping the dialog and what was chosen', async () => {
    const onChanged = vi.fn();
    render(
      <MockedProvider
        mocks={mocks(
          {
            errors: [
              new GraphQLError('stale', { extensions: { code: 'CONFLICT', reason: 'STALE_VERSION' } }),
            ],
          },
          { customerId: 'c1', to: 'NEEDS_CONFIRMED', reason: null, expectedVersion: 3 },
        )}
      >
        <ConfigProvider {...ANT_CONFIG}>
          <AntApp>
            <ChangeStage customerId="c1" stage="LEAD_NURTURING" version={3} onChanged={onChanged} />
          </AntApp>
        </ConfigProvider>
      </MockedProvider>,
    );
    const dialog = await openAndChoose('需求确认');
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    await within(dialog).findByText(/刚被其他人修改过/);
    fireEvent.click(within(dialog).getByRole('button', { name: '重新加载' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(within(dialog).getByTitle('需求确认')).toBeInTheDocument();
  });
});
