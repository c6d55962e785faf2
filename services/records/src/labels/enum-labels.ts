import type { Locale } from '../industries/industries';

type Labels = Record<string, { 'zh-CN': string; en: string }>;

/**
 * zh-CN and en labels for every enum of the public contract (API.md), the ones other subgraphs own
 * included, so that a client can label any value it receives from one query.
 */
export const ENUM_LABELS: Record<string, Labels> = {
  SalesStage: {
    LEAD_NURTURING: { 'zh-CN': '线索培育', en: 'Lead nurturing' },
    NEEDS_CONFIRMED: { 'zh-CN': '需求确认', en: 'Needs confirmed' },
    PROPOSAL_PRESENTED: { 'zh-CN': '方案呈现', en: 'Proposal presented' },
    NEGOTIATION: { 'zh-CN': '谈判推进', en: 'Negotiation' },
    DEAL_SIGNING: { 'zh-CN': '成交签约', en: 'Deal signing' },
    AFTER_SALES: { 'zh-CN': '售后维护', en: 'After-sales' },
    LEAD_TERMINATED: { 'zh-CN': '线索终止', en: 'Lead terminated' },
  },
  CustomerKind: {
    ENTERPRISE: { 'zh-CN': '企业', en: 'Enterprise' },
    INDIVIDUAL: { 'zh-CN': '个人', en: 'Individual' },
  },
  SourceChannel: {
    TRADE_SHOW: { 'zh-CN': '展会推荐', en: 'Trade show' },
    PROACTIVE_VISIT: { 'zh-CN': '主动拜访', en: 'Proactive visit' },
    ONLINE_PROMOTION: { 'zh-CN': '线上推广', en: 'Online promotion' },
    REFERRAL: { 'zh-CN': '客户转介绍', en: 'Referral' },
    INBOUND: { 'zh-CN': '客户来访/来电', en: 'Inbound' },
    OTHER: { 'zh-CN': '其他', en: 'Other' },
  },
  InteractionMethod: {
    PHONE_CALL: { 'zh-CN': '电话沟通', en: 'Phone call' },
    IN_PERSON_MEETING: { 'zh-CN': '面谈', en: 'In-person meeting' },
    VIDEO_MEETING: { 'zh-CN': '线上视频会议', en: 'Video meeting' },
    EMAIL: { 'zh-CN': '邮件', en: 'Email' },
    INSTANT_MESSAGE: { 'zh-CN': '即时消息', en: 'Instant message' },
    SITE_VISIT: { 'zh-CN': '实地拜访', en: 'Site visit' },
    OTHER: { 'zh-CN': '其他', en: 'Other' },
  },
  ContactRole: {
    DECISION_MAKER: { 'zh-CN': '决策人', en: 'Decision-maker' },
    EXECUTOR: { 'zh-CN': '执行人', en: 'Executor' },
    INFLUENCER: { 'zh-CN': '影响人', en: 'Influencer' },
    TECHNICAL_EVALUATOR: { 'zh-CN': '技术评估人', en: 'Technical evaluator' },
    PROCUREMENT: { 'zh-CN': '采购', en: 'Procurement' },
    OTHER: { 'zh-CN': '其他', en: 'Other' },
  },
  NeedKind: {
    EXPLICIT: { 'zh-CN': '明确需求', en: 'Explicit' },
    INFERRED: { 'zh-CN': '潜在需求', en: 'Inferred' },
  },
  NextActionStatus: {
    OPEN: { 'zh-CN': '待办', en: 'Open' },
    DONE: { 'zh-CN': '已完成', en: 'Done' },
    CANCELLED: { 'zh-CN': '已取消', en: 'Cancelled' },
  },
  ReviewStatus: {
    PENDING: { 'zh-CN': '待审核', en: 'Pending' },
    APPROVED: { 'zh-CN': '审核通过', en: 'Approved' },
    CHANGES_REQUESTED: { 'zh-CN': '需修改', en: 'Changes requested' },
  },
  ReviewDecision: {
    APPROVE: { 'zh-CN': '通过', en: 'Approve' },
    REQUEST_CHANGES: { 'zh-CN': '要求修改', en: 'Request changes' },
  },
  IndustryLevel: {
    SECTION: { 'zh-CN': '门类', en: 'Section' },
    DIVISION: { 'zh-CN': '大类', en: 'Division' },
    GROUP: { 'zh-CN': '中类', en: 'Group' },
    CLASS: { 'zh-CN': '小类', en: 'Class' },
  },
  Role: {
    SALES_REP: { 'zh-CN': '销售代表', en: 'Sales rep' },
    SALES_MANAGER: { 'zh-CN': '销售经理', en: 'Sales manager' },
    TEAM_ASSISTANT: { 'zh-CN': '团队助理', en: 'Team assistant' },
    MARKETING: { 'zh-CN': '市场部', en: 'Marketing' },
    AFTER_SALES: { 'zh-CN': '售后', en: 'After-sales' },
    ADMIN: { 'zh-CN': '管理员', en: 'Administrator' },
  },
  HandOverStatus: {
    RUNNING: { 'zh-CN': '交接中', en: 'Running' },
    COMPLETED: { 'zh-CN': '已交接', en: 'Completed' },
  },
  FunnelDimension: {
    OWNER: { 'zh-CN': '负责人', en: 'Owner' },
    TEAM: { 'zh-CN': '团队', en: 'Team' },
    INDUSTRY: { 'zh-CN': '行业', en: 'Industry' },
    SOURCE_CHANNEL: { 'zh-CN': '来源渠道', en: 'Source channel' },
  },
};

export function enumLabels(locale: Locale): Array<{ enum: string; value: string; label: string }> {
  return Object.entries(ENUM_LABELS).flatMap(([name, values]) =>
    Object.entries(values).map(([value, labels]) => ({ enum: name, value, label: labels[locale] })),
  );
}

export function labelOf(enumName: string, value: string, locale: Locale): string {
  return ENUM_LABELS[enumName]?.[value]?.[locale] ?? value;
}
