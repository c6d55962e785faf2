import type { Catalogue } from '@salestrail/platform';

/**
 * Workflow's texts in Chinese (the default language), namespace `workflow`: notifications (and so their
 * e-mails and webhook payloads), e-mail framing and review findings. Keys never change once released;
 * `en.ts` has the same keys (a unit test compares them).
 */
export const workflow = {
  lines: '{{items, lines}}',
  reminder: {
    dueSoon: { title: '即将到期：{{content}}' },
    overdue: { title: '已逾期：{{content}}' },
    escalate: { title: '逾期超过 {{delay, duration}}（负责人 {{owner}}）：{{content}}' },
    body: '{{customer}}：“{{content}}”应于 {{dueAt, when}} 完成（负责人 {{owner}}）',
  },
  review: {
    requested: {
      title: '审核申请：{{customer}}',
      body_other: '{{submitter}} 提交了 {{customer}} 的记录待审核（自动检查发现 {{count}} 项问题）',
      bodyWithNote_other: '{{submitter}} 提交了 {{customer}} 的记录待审核（自动检查发现 {{count}} 项问题）：{{note}}',
    },
    approved: { title: '审核通过：{{customer}}', body: '{{reviewer}} 审核通过了该记录' },
    changesRequested: { title: '需修改：{{customer}}', body: '{{reviewer}} 退回了该记录，请修改后重新提交' },
    comments: '{{reviewer}}：{{comments}}',
    toArchive: {
      title: '待归档：{{customer}}',
      body: '{{reviewer}} 审核通过了 {{customer}}（{{submitter}} 提交），请归档',
      bodyWithComments: '{{reviewer}} 审核通过了 {{customer}}（{{submitter}} 提交），请归档：{{comments}}',
    },
  },
  weekly: {
    reminder: {
      title: '请在 {{workdayEnd}} 前提交本周的客户记录',
      changed: '本周有改动、尚未提交审核的客户：{{customers, list}}',
      sentBack: '已退回修改、尚未重新提交的客户：{{customers, list}}',
    },
    summary: {
      title_other: '{{week, day}} 当周：{{count}} 位销售人员尚未提交',
      notSubmitted: '未提交：{{entries, list}}',
      entry: '{{person}}（{{customers, list}}）',
      sentBack: '已退回、尚未重新提交：{{entries, list}}',
      allSubmitted: '本周所有人都已提交。',
      late: '超过 24 小时补录的沟通：{{entries, list}}',
      lateEntry: '{{person}} – {{customer}}（{{at, when}}）',
    },
  },
  handOver: {
    title: '{{from}} 的记录正在移交给你',
    body_other: '{{actor}} 将 {{from}} 的客户、待办的下一步行动和 {{count}} 条待审核记录移交给你：{{reason}}',
  },
  afterSales: {
    title: '转交售后：{{customer}}',
    body: '{{customer}} 于 {{at, when}} 进入「{{stage}}」阶段（负责人 {{owner}}）：{{what}}。',
    DEAL_SIGNING: '合同即将签订，记录已向售后开放，请做好交接',
    AFTER_SALES: '合作已完成，售后接手维护客户关系，并记录沟通和下一步行动',
  },
  duplicate: {
    title: '疑似撞单：{{customer}}',
    ours: '你的团队刚录入的 {{customer}}（负责人 {{owner}}）与 {{teams, list}} 的客户同名：请与对方经理商定由谁跟进。',
    theirs: '{{team}} 刚录入了 {{customer}}，与你团队的这个客户同名：请与对方经理商定由谁跟进。',
  },
  email: {
    greeting: '{{name}}，您好：',
    footer: '—— SalesTrail 销售过程记录系统',
  },
  quoted: '“{{text}}”',
  finding: {
    missing: {
      name: '缺少客户名称',
      industryCode: '缺少所属行业',
      sourceChannel: '缺少客户来源',
      firstContactDate: '缺少首次接触日期',
      contacts: '没有记录联系人',
    },
    interactionWithoutNextAction: '{{occurredAt, when}} 的沟通没有下一步行动',
    noOpenNextAction: '该客户没有计划中的下一步行动',
    overdueAction: '下一步行动“{{content}}”应于 {{dueAt, when}} 完成，已逾期',
    needsWithoutPainPoints: '已记录需求，但没有分析痛点',
    painPointWithoutNeed: '有痛点没有对应任何已记录的需求',
    stageWithoutNeed: '当前阶段为「{{stage}}」，但没有记录任何需求',
    stageWithoutInteraction: '当前阶段为「{{stage}}」，但需求确认之后没有任何沟通记录',
    speculativeSummary:
      '{{occurredAt, when}} 的沟通摘要含推测（{{terms, list}}）：只写客户说了什么、展示了什么、约定了什么，推断的内容请记为潜在需求',
    stageChangeWithoutInteraction: '{{at, when}} 从「{{from}}」到「{{to}}」的阶段变更没有沟通记录支撑',
  },
} satisfies Catalogue;
