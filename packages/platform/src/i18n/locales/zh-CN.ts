import type { Catalogue } from '../catalogue';

/**
 * The shared catalogue in Chinese (the default language): every enum of the public contract (API.md) and
 * the words all services use. Keys never change once released; a service's own texts live in its own
 * namespace (`services/<service>/src/i18n/`).
 */
export const common = {
  unknownPerson: '通讯录中没有的人',
  hours_other: '{{count}} 小时',
  minutes_other: '{{count}} 分钟',
  seconds_other: '{{count}} 秒',
  days_other: '{{count}} 天',
} satisfies Catalogue;

export const enums = {
  SalesStage: {
    LEAD_NURTURING: '线索培育',
    NEEDS_CONFIRMED: '需求确认',
    PROPOSAL_PRESENTED: '方案呈现',
    NEGOTIATION: '谈判推进',
    DEAL_SIGNING: '成交签约',
    AFTER_SALES: '售后维护',
    LEAD_TERMINATED: '线索终止',
  },
  CustomerKind: { ENTERPRISE: '企业', INDIVIDUAL: '个人' },
  SourceChannel: {
    TRADE_SHOW: '展会推荐',
    PROACTIVE_VISIT: '主动拜访',
    ONLINE_PROMOTION: '线上推广',
    REFERRAL: '客户转介绍',
    INBOUND: '客户来访/来电',
    OTHER: '其他',
  },
  InteractionMethod: {
    PHONE_CALL: '电话沟通',
    IN_PERSON_MEETING: '面谈',
    VIDEO_MEETING: '线上视频会议',
    EMAIL: '邮件',
    INSTANT_MESSAGE: '即时消息',
    SITE_VISIT: '实地拜访',
    OTHER: '其他',
  },
  ContactRole: {
    DECISION_MAKER: '决策人',
    EXECUTOR: '执行人',
    INFLUENCER: '影响人',
    TECHNICAL_EVALUATOR: '技术评估人',
    PROCUREMENT: '采购',
    OTHER: '其他',
  },
  NeedKind: { EXPLICIT: '明确需求', INFERRED: '潜在需求' },
  CustomerOrderField: { NAME: '客户名称', STAGE: '销售阶段', LAST_INTERACTION: '最近沟通', NEXT_ACTION_DUE: '下一步到期', UPDATED: '最近修改', CREATED: '创建时间' },
  OrderDirection: { ASC: '升序', DESC: '降序' },
  NextActionStatus: { OPEN: '待办', DONE: '已完成', CANCELLED: '已取消' },
  ReviewStatus: { PENDING: '待审核', APPROVED: '审核通过', CHANGES_REQUESTED: '需修改' },
  ReviewDecision: { APPROVE: '通过', REQUEST_CHANGES: '要求修改' },
  IndustryLevel: { SECTION: '门类', DIVISION: '大类', GROUP: '中类', CLASS: '小类' },
  Role: {
    SALES_REP: '销售代表',
    SALES_MANAGER: '销售经理',
    TEAM_ASSISTANT: '团队助理',
    MARKETING: '市场部',
    AFTER_SALES: '售后',
    ADMIN: '管理员',
  },
  HandOverStatus: { RUNNING: '交接中', COMPLETED: '已交接' },
  FunnelDimension: { OWNER: '负责人', TEAM: '团队', INDUSTRY: '行业', SOURCE_CHANNEL: '来源渠道' },
  NotificationKind: {
    NEXT_ACTION_DUE_SOON: '下一步行动即将到期',
    NEXT_ACTION_OVERDUE: '下一步行动已逾期',
    NEXT_ACTION_ESCALATED: '逾期上报',
    REVIEW_REQUESTED: '审核申请',
    REVIEW_DECIDED: '审核结果',
    REVIEW_APPROVED_TO_ARCHIVE: '审核通过待归档',
    WEEKLY_SUBMISSION_DUE: '周五提交提醒',
    WEEKLY_MISSING_SUBMISSIONS: '本周未提交汇总',
    HAND_OVER_RECEIVED: '工作交接',
    CUSTOMER_HANDED_TO_AFTER_SALES: '转交售后',
    POSSIBLE_DUPLICATE_CUSTOMER: '疑似撞单',
  },
  ReviewFindingCode: {
    MISSING_BASICS: '基本信息缺失',
    INTERACTION_WITHOUT_NEXT_ACTION: '沟通记录缺少下一步行动',
    NO_OPEN_NEXT_ACTION: '没有待办的下一步行动',
    NEEDS_WITHOUT_PAIN_POINTS: '有需求但未分析痛点',
    PAIN_POINT_WITHOUT_NEED: '痛点没有对应的需求',
    OVERDUE_ACTION: '下一步行动已逾期',
    STAGE_DISAGREES_WITH_RECORD: '销售阶段与记录不符',
    STAGE_CHANGE_WITHOUT_INTERACTION: '阶段变更没有沟通记录支撑',
    SPECULATIVE_SUMMARY: '沟通摘要含推测',
  },
  CalendarDayKind: { HOLIDAY: '节假日', WORKING_DAY: '调休上班日' },
  WebhookDeliveryStatus: { PENDING: '待发送', DELIVERED: '已送达', FAILED: '发送失败' },
  AccessAction: { CUSTOMER_READ: '查看客户', SNAPSHOT_READ: '查看归档快照', CUSTOMER_TRANSFERRED: '移交客户' },
} satisfies Catalogue;
