import { Tag } from 'antd';
import type { SalesStage } from '../gql/graphql';
import { useEnumLabels } from './labels';

/**
 * Stage colours, fixed across the app: grey for a young lead through to green after the sale; terminated
 * is red-grey. Solid tags with white text, each dark enough for 4.5:1 contrast (Ant Design's light preset
 * tags — cyan, gold, green — fall short).
 */
export const STAGE_COLOURS: Record<SalesStage, string> = {
  LEAD_NURTURING: '#595959',
  NEEDS_CONFIRMED: '#006d75',
  PROPOSAL_PRESENTED: '#0958d9',
  NEGOTIATION: '#1d39c4',
  DEAL_SIGNING: '#ad6800',
  AFTER_SALES: '#237804',
  LEAD_TERMINATED: '#8c4a4a',
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
