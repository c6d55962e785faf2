import { catalogueKeys } from './catalogue';
import { formatDateTime, formatDay } from './format';
import { Messages, SHARED_CATALOGUES, msg, parseLocale } from './messages';

describe('messages', () => {
  const messages = new Messages({
    'zh-CN': { demo: { due: '{{what}} 应于 {{at, when}} 完成', who: '{{names, list}}', late: '逾期 {{delay, duration}}', nested: '阶段：{{stage}}' } },
    en: { demo: { due: '{{what}} is due {{at, when}}', who: '{{names, list}}', late: 'overdue for {{delay, duration}}', nested: 'Stage: {{stage}}' } },
  });
  const at = new Date('2024-03-25T10:00:00Z');

  it('writes times as people do, in the time zone given', () => {
    expect(formatDateTime(at, 'zh-CN', 'Asia/Shanghai')).toBe('3月25日 18:00');
    expect(formatDateTime(at, 'en', 'Asia/Shanghai')).toBe('Mar 25, 18:00');
    expect(formatDateTime(at, 'zh-CN', 'Europe/Berlin')).toBe('3月25日 11:00');
    expect(formatDay(at, 'zh-CN', 'America/Los_Angeles')).toBe('3月25日');
    expect(messages.t('zh-CN', 'demo:due', { what: '报价', at }, { timeZone: 'Asia/Shanghai' })).toBe('报价 应于 3月25日 18:00 完成');
    expect(messages.t('en', 'demo:due', { what: 'Quote', at }, { timeZone: 'Asia/Tokyo' })).toBe('Quote is due Mar 25, 19:00');
  });

  it('formats lists, durations and nested messages in the reader language', () => {
    expect(messages.t('zh-CN', 'demo:who', { names: ['李明', '王助理', '陈经理'] })).toBe('李明、王助理和陈经理');
    expect(messages.t('en', 'demo:who', { names: ['Li', 'Wang'] })).toBe('Li and Wang');
    expect(messages.t('zh-CN', 'demo:late', { delay: 36 * 3_600_000 })).toBe('逾期 36 小时');
    expect(messages.t('en', 'demo:late', { delay: 3_600_000 })).toBe('overdue for 1 hour');
    expect(messages.t('en', 'demo:late', { delay: 72 * 3_600_000 })).toBe('overdue for 3 days');
    expect(messages.t('en', 'demo:late', { delay: 30 * 60_000 })).toBe('overdue for 30 minutes');
    expect(messages.t('zh-CN', 'demo:nested', { stage: msg('enum:SalesStage.DEAL_SIGNING') })).toBe('阶段：成交签约');
    expect(messages.t('en', 'demo:nested', { stage: msg('enum:SalesStage.DEAL_SIGNING') })).toBe('Stage: Deal signing');
  });

  it('writes values as they are: no HTML escaping, no interpolation inside values', () => {
    expect(messages.t('en', 'demo:due', { what: '<b>"A&B" {{at}} $t(enum:Role.ADMIN)</b>', at }))
      .toBe('<b>"A&B" {{at}} $t(enum:Role.ADMIN)</b> is due Mar 25, 18:00');
  });

  it('labels enums in both languages and knows the supported locales', () => {
    expect(messages.enumLabel('NotificationKind', 'REVIEW_REQUESTED', 'zh-CN')).toBe('审核申请');
    expect(messages.enumLabel('AccessAction', 'SNAPSHOT_READ', 'en')).toBe('Archive snapshot read');
    expect(messages.enumLabel('Nope', 'X', 'en')).toBe('X');
    expect(parseLocale(undefined)).toBe('zh-CN');
    expect(parseLocale('en-GB')).toBe('en');
    expect(() => parseLocale('fr')).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'locale', reason: 'UNSUPPORTED_LOCALE' }) }));
  });

  it('has every shared key in every language', () => {
    for (const namespace of Object.keys(SHARED_CATALOGUES['zh-CN'])) {
      expect(catalogueKeys(SHARED_CATALOGUES.en[namespace]!)).toEqual(catalogueKeys(SHARED_CATALOGUES['zh-CN'][namespace]!));
    }
  });
});
