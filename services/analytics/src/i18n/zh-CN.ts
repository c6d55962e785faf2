import type { Catalogue } from '@salestrail/platform';

/**
 * Analytics' texts in Chinese (the default language), namespace `analytics`: the header row of the CSV
 * exports, one label per machine column key. `en.ts` has the same keys (a unit test compares them).
 */
export const analytics = {
  csv: {
    owner_id: '负责人ID',
    team_id: '团队ID',
    industry_code: '行业代码',
    source_channel: '客户来源',
    stage: '销售阶段',
    entered: '进入客户数',
    advanced: '推进客户数',
    terminated: '终止客户数',
    conversion_rate: '转化率',
    median_days_in_stage: '阶段停留天数中位数',
    win_rate: '赢单率',
    interactions_logged: '沟通记录数',
    logged_within_24h_rate: '24小时内记录率',
    actions_due: '到期行动数',
    actions_completed_on_time: '按时完成行动数',
    on_time_rate: '按时完成率',
    median_hours_to_complete: '完成用时中位数（小时）',
    open_overdue: '逾期未完成行动数',
    first_contacts: '首次接触数',
    count: '客户数',
  },
} satisfies Catalogue;
