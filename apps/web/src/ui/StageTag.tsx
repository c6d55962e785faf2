import { Tag } from 'antd';
import type { SalesStage } from '../gql/graphql';
import { useEnumLabels } from './labels';

/** Stage colours, fixed across the app: grey for a young lead through to green after the sale; terminated is red-grey. */
export const STAGE_COLOURS: Record<SalesStage, string> = {
  LEAD_NURTURING: 'default',
  NEEDS_CONFIRMED: 'cyan',
  PROPOSAL_PRESENTED: 'blue',
  NEGOTIATION: 'geekblue',
  DEAL_SIGNING: 'gold',
  AFTER_SALES: 'green',
  LEAD_TERMINATED: 'volcano',
};

export const STAGE_ORDER: SalesStage[] = [
  'LEAD_NURTURING',
  'NEEDS_CONFIRMED',
  'PROPOSAL_PRESENTED',
  'NEGOTIATION',
  'DEAL_SIGNING',
  'AFTER_SALES',
];

export function StageTag({ stage }: { stage: SalesStage }) {
  const { labelOf } = useEnumLabels();
  return (
    <Tag color={STAGE_COLOURS[stage]} bordered={false}>
      {labelOf('SalesStage', stage)}
    </Tag>
  );
}
