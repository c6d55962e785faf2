import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import i18n, { catalogue, initI18n, loadLocale } from './index';

/** i18next plural forms: English has `_one`/`_other`, Chinese one form; both name the same text. */
const plural = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

/** Every feature's texts: those that come with the app and those its screens register when they load. */
const ALL_FEATURES = import.meta.glob<{ default: Record<string, unknown> }>('../features/*/{locales,texts}/*.json', { eager: true });

describe('message catalogues', () => {
  it('have the same keys in Chinese and English, the features\' own files included', () => {
    const chinese = [...new Set(keys(catalogue(zhCN, 'zh-CN', ALL_FEATURES)).map(plural))];
    const english = [...new Set(keys(catalogue(en, 'en', ALL_FEATURES)).map(plural))];
    expect(chinese.filter((k) => !english.includes(k))).toEqual([]);
    expect(english.filter((k) => !chinese.includes(k))).toEqual([]);
    expect(chinese.length).toBeGreaterThan(100);
  });
});

describe('feature texts loaded with their screens', () => {
  const NAMESPACES: Record<string, string> = {};
  for (const [path, module] of Object.entries(ALL_FEATURES)) {
    if (path.includes('/texts/')) for (const key of Object.keys(module.default)) NAMESPACES[key] = path.split('/')[2]!;
  }

  it('are imported (their texts module) by every module of the feature that uses them', () => {
    const modules = import.meta.glob<string>(['../features/*/*.tsx', '../features/*/*.ts', '../app/*.tsx', '../ui/*.tsx', '../ui/*.ts', '!**/*.test.*'], { eager: true, query: '?raw', import: 'default' });
    expect(Object.keys(NAMESPACES).length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const [path, source] of Object.entries(modules)) {
      const uses = Object.keys(NAMESPACES).filter((ns) => new RegExp(`\\bt\\(['\`]${ns}\\.`).test(source));
      for (const ns of uses) {
        const own = path.startsWith(`../features/${NAMESPACES[ns]}/`);
        if (!own || !source.includes("import './texts';")) missing.push(`${path} uses ${ns}.*`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('English, on demand', () => {
  it('is not loaded with the app, and once loaded holds the base texts and the first screen\'s', async () => {
    initI18n('zh-CN');
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(false);
    expect(i18n.getFixedT('en')('nav.workbench')).toBe('工作台');
    await loadLocale('en');
    const english = i18n.getFixedT('en');
    expect(english('nav.workbench')).toBe(en.nav.workbench);
    expect(english('salesDesk.workbench.counts')).toBe('Next actions at a glance');
    expect(english('nav.workbench')).not.toBe('工作台');
  });
});
