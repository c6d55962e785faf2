import { normalizeCustomerName } from './normalize-name';

describe('normalizeCustomerName', () => {
  it.each([
    ['ABC有限公司', 'ABC公司'],
    ['ＡＢＣ 有限责任公司', 'abc'],
    ['北京（华为）科技有限公司', '北京(华为)科技'],
    ['Acme Co., Ltd.', 'ACME'],
    ['Acme Inc', 'acme'],
  ])('folds %s and %s to the same key', (a, b) => {
    expect(normalizeCustomerName(a)).toBe(normalizeCustomerName(b));
  });

  it('keeps different customers apart', () => {
    expect(normalizeCustomerName('ABC科技')).not.toBe(normalizeCustomerName('ABD科技'));
  });
});
