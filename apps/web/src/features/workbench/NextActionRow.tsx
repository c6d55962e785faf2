import { Grid, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dueText } from '../next-actions/due';
import { NextActionButtons } from '../next-actions/NextActionButtons';
import { Restricted } from '../../ui/Restricted';

export interface WorkbenchAction {
  id: string;
  content: string;
  dueAt: string;
  customerId: string;
  /** null when the customer is not the caller's to read (a colleague planned the action for them). */
  customerName: string | null;
}

export function NextActionRow({ action, timezone, onChanged }: { action: WorkbenchAction; timezone: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const due = dueText(action.dueAt, new Date(), timezone, t);
  return (
    <li
      style={{
        display: 'flex',
        flexDirection: phone ? 'column' : 'row',
        alignItems: phone ? 'stretch' : 'center',
        gap: 8,
        padding: '8px 0',
        borderBottom: '1px solid #f0f0f0',
      }}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong>{action.content}</Typography.Text>
        <div>
          {action.customerName === null ? (
            <Restricted />
          ) : (
            <Link to={`/customers/${action.customerId}`} style={{ textDecoration: 'underline' }}>
              {action.customerName}
            </Link>
          )}
          {' · '}
          {due.overdue ? <Tag color="error">{due.text}</Tag> : <Typography.Text type="secondary">{due.text}</Typography.Text>}
        </div>
      </div>
      <NextActionButtons action={action} timezone={timezone} onChanged={onChanged} />
    </li>
  );
}
