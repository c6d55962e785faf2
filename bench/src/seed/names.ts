import type { Prng } from './prng';

const CITIES = ['上海', '北京', '深圳', '广州', '杭州', '苏州', '南京', '成都', '武汉', '西安', '天津', '重庆', '宁波', '无锡', '青岛', '厦门', '长沙', '郑州', '合肥', '佛山', '东莞', '济南', '大连', '沈阳', '昆明'];
const CORES = ['华信', '金诚', '瑞达', '恒通', '宏远', '博睿', '中科', '天成', '嘉禾', '鼎盛', '汇丰源', '明德', '锦程', '新创', '安泰', '启航', '卓越', '永盛', '精工', '海川', '云帆', '九州', '立信', '众联', '蓝海', '东方', '同舟', '凯旋', '华美', '正泰', '远景', '盛世', '德润', '智汇', '万邦', '长青', '星辰', '和众', '晨光', '泰和'];
const TRADES = ['科技', '信息技术', '机械制造', '电子', '贸易', '物流', '医疗器械', '新材料', '环保科技', '食品', '建筑工程', '软件', '精密仪器', '汽车零部件', '化工', '纺织', '能源', '生物科技', '数据服务', '自动化设备'];
const CN_SUFFIXES = ['有限公司', '有限公司', '有限公司', '股份有限公司', '有限责任公司', '集团有限公司'];
const EN_FIRST = ['Acme', 'Northwind', 'Blue River', 'Summit', 'Pioneer', 'Evergreen', 'Harbor', 'Silverline', 'Crescent', 'Granite', 'Lakeside', 'Redwood', 'Atlas', 'Beacon', 'Cobalt', 'Falcon', 'Horizon', 'Keystone', 'Meridian', 'Orchid', 'Sterling', 'Trident', 'Vertex', 'Westbrook'];
const EN_TRADES = ['Systems', 'Logistics', 'Industries', 'Analytics', 'Components', 'Foods', 'Medical', 'Software', 'Robotics', 'Materials', 'Energy', 'Trading', 'Instruments', 'Networks', 'Packaging'];
const EN_SUFFIXES = ['Ltd', 'Co., Ltd.', 'Inc.', 'LLC', 'GmbH', 'Corporation', 'Limited'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '军', '婷', '强', '涛', '明', '超', '秀英', '建华', '志强', '海燕', '晓东', '丽华'];
const EN_GIVEN = ['James', 'Mary', 'Robert', 'Linda', 'Michael', 'Sarah', 'David', 'Emma', 'Daniel', 'Olivia', 'Thomas', 'Sophie'];
const EN_FAMILY = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Clark', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Green'];

export function companyName(rng: Prng): string {
  if (rng.chance(0.7)) return `${rng.pick(CITIES)}${rng.pick(CORES)}${rng.pick(TRADES)}${rng.pick(CN_SUFFIXES)}`;
  return `${rng.pick(EN_FIRST)} ${rng.pick(EN_TRADES)} ${rng.pick(EN_SUFFIXES)}`;
}

export function personName(rng: Prng): string {
  return rng.chance(0.75) ? `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}` : `${rng.pick(EN_GIVEN)} ${rng.pick(EN_FAMILY)}`;
}

/** A distinct name once `base` is taken in the team: a branch or a numbered office, as real lists have. */
export function distinguish(base: string, attempt: number, rng: Prng): string {
  if (/[\u4e00-\u9fff]/.test(base)) return `${base.replace(/(集团)?(股份)?有限(责任)?公司$/, '')}${rng.pick(CITIES)}分公司${attempt > 1 ? attempt : ''}`;
  return `${base} (${rng.pick(['East', 'West', 'North', 'South', 'Central'])} ${attempt})`;
}

export const SUMMARIES = [
  '电话沟通了现有设备的使用情况，客户关心交付周期',
  '上门拜访，参观了生产线，确认了产能瓶颈',
  '视频会议演示了方案，技术负责人提出接口问题',
  '客户来邮件询问报价明细和付款方式',
  '微信沟通，客户反馈预算要到下季度才能批',
  'Discussed the renewal terms with procurement; they want a volume discount',
  'Site visit: walked the warehouse with the operations lead, noted manual steps',
  'Call with the CTO about data migration and the go-live date',
  '展会上初次接触，留下名片，对自动化产品有兴趣',
  '与采购部确认了合同条款，法务还在审核',
];
export const NEXT_ACTIONS = [
  '周三前发送修订后的报价单给采购部',
  '安排技术负责人下周二做现场演示',
  '整理客户提出的三个接口问题并书面答复',
  '下周一电话确认预算审批进度',
  '寄送样品并跟踪签收',
  'Send the revised proposal with the volume discount to procurement',
  'Book a follow-up demo with the CTO for the migration plan',
  'Email the reference customer contact list by Friday',
  '准备合同草稿发给法务审核',
  '约客户财务总监面谈付款条件',
];
export const NEEDS = ['降低人工成本', '缩短交付周期', '系统与现有ERP对接', '提高设备稼动率', 'Reduce stock-outs in the regional warehouses', 'Single view of customer orders', '满足新的环保合规要求'];
export const PAIN_POINTS = ['人工排产经常出错', '旧系统无法导出数据', '供应商响应慢', 'Month-end reconciliation takes a week', '设备故障停机频繁'];
export const TERMINATION_REASONS = ['客户选择了竞争对手', '预算取消', '项目无限期搁置', 'No budget this fiscal year', '客户公司被收购，需求消失'];
export const REOPEN_REASONS = ['客户重新启动项目', 'New budget approved'];
