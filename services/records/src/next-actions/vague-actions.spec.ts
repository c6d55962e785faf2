import { isVagueNextAction } from './vague-actions';

describe('isVagueNextAction', () => {
  it.each([
    '跟进客户',
    '跟进',
    '联系一下',
    '联系一下客户',
    '再联系',
    '保持联系',
    '回访一下',
    '看情况再说',
    '待定',
    '跟进客户需求',
    'follow up',
    'follow up with the customer',
    'Follow-up with client',
    'touch base',
    'check in with them later',
    'keep in touch',
    'reach out to the customer',
    'TBD',
    'call',
    '',
  ])('rejects %p', (content) => {
    expect(isVagueNextAction(content)).toBe(true);
  });

  it.each([
    '发送产品详细参数表至客户邮箱',
    '3月25日到客户现场进行产品演示',
    '给王总打电话确认演示时间',
    '跟进并发送报价单给赵主管',
    'Email the detailed product specification sheet to the customer',
    'Send the revised quote to Mr. Wang',
    'Schedule the on-site product demo for March 25',
  ])('accepts %p', (content) => {
    expect(isVagueNextAction(content)).toBe(false);
  });
});
