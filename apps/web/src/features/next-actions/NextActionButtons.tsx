import { useMutation } from '@apollo/client';
import { App, Button, Space } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { mapGraphQLErrors } from '../../ui/errors';
import type { NextActionDialogKind } from './NextActionDialog';

const CompleteMutation = graphql(`
  mutation CompleteNextAction($id: ID!, $note: String) {
    completeNextAction(id: $id, note: $note) {
      id
      status
      completedAt
    }
  }
`);

const NextActionDialog = lazy(() => import('./NextActionDialog'));

interface Props {
  action: { id: string; content: string; dueAt: string };
  timezone: string;
  onChanged: () => void;
  size?: 'small' | 'middle';
}

/** Complete, reschedule (new deadline and why) or cancel (why) a next action where it is shown. */
export function NextActionButtons({ action, timezone, onChanged, size = 'small' }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<NextActionDialogKind | null>(null);
  // Mounted from the first opening on, so that closing keeps the dialog's closing animation.
  const [used, setUsed] = useState(false);
  const open = (kind: NextActionDialogKind) => {
    setUsed(true);
    setDialog(kind);
  };
  const [complete, completing] = useMutation(CompleteMutation);
  return (
    <>
      <Space size={4} wrap>
        <Button
          size={size}
          type="primary"
          ghost
          loading={completing.loading}
          onClick={async () => {
            try {
              await complete({ variables: { id: action.id } });
              void message.success(t('nextAction.completed'));
              onChanged();
            } catch (error) {
              const mapped = mapGraphQLErrors(error, t, [], '');
              if (mapped.general.length) void message.error(mapped.general.join(' '));
            }
          }}
          aria-label={`${t('nextAction.complete')}：${action.content}`}
        >
          {t('nextAction.complete')}
        </Button>
        <Button size={size} onClick={() => open('reschedule')} aria-label={`${t('nextAction.reschedule')}：${action.content}`}>
          {t('nextAction.reschedule')}
        </Button>
        <Button size={size} danger type="text" onClick={() => open('cancel')} aria-label={`${t('nextAction.cancel')}：${action.content}`}>
          {t('nextAction.cancel')}
        </Button>
      </Space>
      {used && (
        <Suspense fallback={null}>
          <NextActionDialog action={action} timezone={timezone} dialog={dialog} onClose={() => setDialog(null)} onChanged={onChanged} />
        </Suspense>
      )}
    </>
  );
}
