import { DIVISIONS, SECTIONS, findIndustry, listIndustries, toLocale } from './industries';

describe('GB/T 4754-2017 data', () => {
  it('ships all 20 sections and all 97 divisions, numbered 01–97 without gaps', () => {
    expect(SECTIONS.map((s) => s.section).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(DIVISIONS).toHaveLength(97);
    expect(DIVISIONS.map((d) => Number(d.code.slice(1)))).toEqual(Array.from({ length: 97 }, (_, i) => i + 1));
    for (const d of DIVISIONS) expect(SECTIONS.some((s) => s.section === d.section)).toBe(true);
  });

  it('resolves codes in both locales and refuses unknown ones', () => {
    expect(findIndustry('C34')).toEqual({ code: 'C34', section: 'C', sectionName: '制造业', name: '通用设备制造业' });
    expect(findIndustry('I65', 'en')?.sectionName).toBe('Information transmission, software and IT services');
    expect(findIndustry('P83')?.name).toBe('教育');
    expect(findIndustry('C36')?.name).toBe('汽车制造业');
    expect(findIndustry('Z99')).toBeNull();
    expect(findIndustry('A34')).toBeNull();
    expect(listIndustries('en')).toHaveLength(97);
  });

  it('reads the locales clients send and refuses others', () => {
    expect([undefined, null, 'zh-CN', 'zh', 'zh_Hans', 'en', 'en-US', 'EN'].map(toLocale)).toEqual([
      'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'en', 'en', 'en',
    ]);
    for (const bad of ['fr', '', 'x'.repeat(10_000), 'english']) {
      expect(() => toLocale(bad)).toThrow(expect.objectContaining({ details: { field: 'locale', reason: 'UNSUPPORTED_LOCALE' } }));
    }
  });
});
