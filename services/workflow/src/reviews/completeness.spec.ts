import { writeText } from '../i18n/texts';
import { checkCompleteness, type CompletenessSnapshot } from './completeness';

const now = new Date('2024-04-01T10:00:00+08:00');
const at = (s: string) => new Date(s);

/** A complete record at NEEDS_CONFIRMED: every rule holds. */
function complete(): CompletenessSnapshot {
  return {
    customer: { name: 'ABC公司', industryCode: 'C34', sourceChannel: 'TRADE_SHOW', firstContactDate: '2024-03-15', contactCount: 1, stage: 'NEEDS_CONFIRMED' },
    interactions: [{ id: 'i1', occurredAt: at('2024-03-20T14:30:00+08:00'), nextActionId: 'a1' }],
    nextActions: [{ id: 'a1', status: 'OPEN', dueAt: at('2024-04-05T18:00:00+08:00'), content: '发送产品规格表' }],
    needIds: ['n1'],
    painPoints: [{ id: 'p1', needIds: ['n1'] }],
    stageChanges: [
      { id: 's0', from: null, to: 'LEAD_NURTURING', at: at('2024-03-15T09:00:00+08:00') },
      { id: 's1', from: 'LEAD_NURTURING', to: 'NEEDS_CONFIRMED', at: at('2024-03-20T15:00:00+08:00') },
    ],
  };
}
const codes = (s: CompletenessSnapshot) => checkCompleteness(s, now).map((f) => f.code);

describe('checkCompleteness', () => {
  it('finds nothing in a complete record', () => {
    expect(checkCompleteness(complete(), now)).toEqual([]);
  });

  it('reports each missing basic with its field', () => {
    const s = complete();
    s.customer = { ...s.customer, industryCode: ' ', firstContactDate: null, contactCount: 0 };
    expect(checkCompleteness(s, now).filter((f) => f.code === 'MISSING_BASICS').map((f) => f.field)).toEqual([
      'industryCode',
      'firstContactDate',
      'contacts',
    ]);
  });

  it('reports an interaction whose next action is unknown, and a record with no open action', () => {
    const s = complete();
    s.interactions.push({ id: 'i2', occurredAt: at('2024-03-25T10:00:00+08:00'), nextActionId: 'missing' });
    s.nextActions[0]!.status = 'DONE';
    const findings = checkCompleteness(s, now);
    expect(findings.find((f) => f.code === 'INTERACTION_WITHOUT_NEXT_ACTION')?.refId).toBe('i2');
    expect(codes(s)).toContain('NO_OPEN_NEXT_ACTION');
  });

  it('reports open actions past their due time, not done or future ones', () => {
    const s = complete();
    s.nextActions.push({ id: 'a2', status: 'OPEN', dueAt: at('2024-03-30T18:00:00+08:00'), content: '上门演示' });
    s.nextActions.push({ id: 'a3', status: 'DONE', dueAt: at('2024-03-29T18:00:00+08:00'), content: '报价' });
    expect(checkCompleteness(s, now).filter((f) => f.code === 'OVERDUE_ACTION').map((f) => f.refId)).toEqual(['a2']);
  });

  it('reports needs without pain points from NEEDS_CONFIRMED on, and pain points without a need', () => {
    const s = complete();
    s.painPoints = [];
    expect(codes(s)).toEqual(['NEEDS_WITHOUT_PAIN_POINTS']);
    s.customer.stage = 'LEAD_NURTURING';
    s.stageChanges = s.stageChanges.slice(0, 1);
    expect(codes(s)).toEqual([]);
    const t = complete();
    t.painPoints.push({ id: 'p2', needIds: ['retired-need'] });
    expect(checkCompleteness(t, now).filter((f) => f.code === 'PAIN_POINT_WITHOUT_NEED').map((f) => f.refId)).toEqual(['p2']);
  });

  it('reports a stage that disagrees with the record', () => {
    const noNeeds = complete();
    noNeeds.needIds = [];
    noNeeds.painPoints = [];
    expect(codes(noNeeds)).toEqual(['STAGE_DISAGREES_WITH_RECORD']);

    // PROPOSAL_PRESENTED with no interaction since the needs were confirmed.
    const proposal = complete();
    proposal.customer.stage = 'PROPOSAL_PRESENTED';
    proposal.stageChanges.push({ id: 's2', from: 'NEEDS_CONFIRMED', to: 'PROPOSAL_PRESENTED', at: at('2024-03-28T10:00:00+08:00') });
    const findings = checkCompleteness(proposal, now);
    expect(findings.map((f) => f.code)).toContain('STAGE_DISAGREES_WITH_RECORD');
    proposal.interactions.push({ id: 'i3', occurredAt: at('2024-03-27T16:00:00+08:00'), nextActionId: 'a1' });
    expect(codes(proposal)).toEqual([]);
  });

  it('reports a stage change with no interaction behind it', () => {
    const s = complete();
    s.interactions = [{ id: 'i1', occurredAt: at('2024-03-15T08:00:00+08:00'), nextActionId: 'a1' }];
    const findings = checkCompleteness(s, now).filter((f) => f.code === 'STAGE_CHANGE_WITHOUT_INTERACTION');
    expect(findings.map((f) => f.refId)).toEqual(['s1']);
  });

  it('reports a summary with speculative wording, pointing to the inferred needs, without blocking anything', () => {
    const s = complete();
    s.interactions.push({ id: 'i2', occurredAt: at('2024-03-22T10:00:00+08:00'), nextActionId: 'a1', speculativeTerms: ['可能', 'probably'] });
    const findings = checkCompleteness(s, now).filter((f) => f.code === 'SPECULATIVE_SUMMARY');
    expect(findings).toEqual([{ code: 'SPECULATIVE_SUMMARY', field: 'summary', refId: 'i2', text: expect.anything() }]);
    const zone = { timeZone: 'Asia/Shanghai' };
    expect(writeText('zh-CN', findings[0]!.text, zone)).toBe(
      '3月22日 10:00 的沟通摘要含推测（“可能”和“probably”）：只写客户说了什么、展示了什么、约定了什么，推断的内容请记为潜在需求',
    );
    expect(writeText('en', findings[0]!.text, zone)).toMatch(/^The summary of the interaction of Mar 22, 10:00 speculates \("可能" and "probably"\).*inferred needs$/);
    s.interactions[1]!.speculativeTerms = [];
    expect(codes(s)).not.toContain('SPECULATIVE_SUMMARY');
  });
});
