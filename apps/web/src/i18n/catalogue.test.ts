import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { catalogue } from './index';

/** i18next plural forms: English has `_one`/`_other`, Chinese one form; both name the same text. */
const plural = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('message catalogues', () => {
  it('have the same keys in Chinese and English, the features\' own files included', () => {
    const chinese = [...new Set(keys(catalogue(zhCN, 'zh-CN')).map(plural))];
    const english = [...new Set(keys(catalogue(en, 'en')).map(plural))];
    expect(chinese.filter((k) => !english.includes(k))).toEqual([]);
    expect(english.filter((k) => !chinese.includes(k))).toEqual([]);
    expect(chinese.length).toBeGreaterThan(100);
  });
});
