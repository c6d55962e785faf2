import { readFileSync } from 'node:fs';
import { DIVISION_NAMES_EN, SECTION_NAMES_EN } from './gbt4754-2017';
import { GBT4754_CSV, describeIndustry, industryEntry, listIndustries, parseStandard, toLocale } from './industries';

describe('GB/T 4754-2017 data', () => {
  it('ships the whole standard: 20 sections, 97 divisions, 473 groups, 1381 classes, each under its parent', () => {
    const entries = [...parseStandard(readFileSync(GBT4754_CSV, 'utf8')).values()];
    const count = (level: string) => entries.filter((e) => e.level === level).length;
    expect([count('SECTION'), count('DIVISION'), count('GROUP'), count('CLASS')]).toEqual([20, 97, 473, 1381]);
    expect(listIndustries({ level: 'SECTION' }).map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(listIndustries().map((d) => Number(d.code.slice(1)))).toEqual(Array.from({ length: 97 }, (_, i) => i + 1));
    for (const e of entries) {
      if (e.level === 'SECTION') continue;
      const parent = industryEntry(e.parentCode!)!;
      expect([e.code, e.code.startsWith(parent.code), e.code.length]).toEqual([e.code, true, parent.code.length + (parent.level === 'SECTION' ? 2 : 1)]);
    }
  });

  it('has English names of its own for every section and division, none for groups and classes', () => {
    expect(Object.keys(SECTION_NAMES_EN)).toHaveLength(20);
    expect(Object.keys(DIVISION_NAMES_EN)).toHaveLength(97);
    for (const d of listIndustries({}, 'en')) expect(d.name).toBe(DIVISION_NAMES_EN[d.code.slice(1)]);
    expect(describeIndustry('C3612', 'en')).toMatchObject({ sectionName: 'Manufacturing', name: '新能源车整车制造' });
  });

  it('describes the form’s example 制造业-新能源汽车 at class level, with its path', () => {
    expect(describeIndustry('C3612')).toEqual({
      code: 'C3612',
      section: 'C',
      sectionName: '制造业',
      name: '新能源车整车制造',
      level: 'CLASS',
      parentCode: 'C361',
      divisionCode: 'C36',
      pathCodes: ['C', 'C36', 'C361', 'C3612'],
      pathNames: ['制造业', '汽车制造业', '汽车整车制造', '新能源车整车制造'],
      hasChildren: false,
    });
    expect(describeIndustry('C34')).toMatchObject({ code: 'C34', section: 'C', sectionName: '制造业', name: '通用设备制造业', level: 'DIVISION', hasChildren: true });
    expect(describeIndustry('I65', 'en')?.sectionName).toBe('Information transmission, software and IT services');
    expect(describeIndustry('P83')?.name).toBe('教育');
    expect(describeIndustry('C')).toMatchObject({ level: 'SECTION', parentCode: null, divisionCode: null, name: '制造业' });
    for (const unknown of ['Z99', 'A34', 'C3699', '3612', 'c36', '']) expect(describeIndustry(unknown)).toBeNull();
  });

  it('answers a cascader: children of a code, a level under it, and searches', () => {
    expect(listIndustries({ parent: 'C36' }).map((g) => [g.code, g.name])).toEqual([
      ['C361', '汽车整车制造'],
      ['C362', '汽车用发动机制造'],
      ['C363', '改装汽车制造'],
      ['C364', '低速汽车制造'],
      ['C365', '电车制造'],
      ['C366', '汽车车身、挂车制造'],
      ['C367', '汽车零部件及配件制造'],
    ]);
    expect(listIndustries({ parent: 'C361' }).map((c) => c.code)).toEqual(['C3611', 'C3612']);
    expect(listIndustries({ parent: 'C', level: 'CLASS' }).every((c) => c.code.startsWith('C') && c.level === 'CLASS')).toBe(true);
    expect(listIndustries({ parent: 'C3612' })).toEqual([]);
    expect(listIndustries({ search: '新能源' }).map((e) => e.code)).toEqual(expect.arrayContaining(['C3612']));
    expect(listIndustries({ search: 'manufacture of' }, 'en').length).toBeGreaterThan(0);
    expect(listIndustries({ search: 'c361', level: 'CLASS' }).map((e) => e.code)).toEqual(['C3611', 'C3612']);
    expect(() => listIndustries({ parent: 'C99' })).toThrow(expect.objectContaining({ details: { field: 'parent', reason: 'UNKNOWN_INDUSTRY' } }));
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
