import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

type Catalogue = Record<string, unknown>;

/**
 * Each feature may keep its own texts in `features/<feature>/locales/{zh-CN,en}.json`, under a
 * top-level key of its own; they are merged into the one catalogue per language.
 */
const FEATURE_CATALOGUES = import.meta.glob<{ default: Catalogue }>('../features/*/locales/*.json', { eager: true });

export function catalogue(base: Catalogue, locale: Locale): Catalogue {
  const merged: Catalogue = { ...base };
  for (const [path, module] of Object.entries(FEATURE_CATALOGUES)) {
    if (!path.endsWith(`/${locale}.json`)) continue;
    for (const [key, value] of Object.entries(module.default)) {
      if (key in merged) throw new Error(`${path}: the text key "${key}" is already defined`);
      merged[key] = value;
    }
  }
  return merged;
}

export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'salestrail.locale';

/** Chinese first; the choice is remembered in localStorage. */
export function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function rememberLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts this page only
  }
}

export function initI18n(locale: Locale = storedLocale()) {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { 'zh-CN': { translation: catalogue(zhCN, 'zh-CN') }, en: { translation: catalogue(en, 'en') } },
      lng: locale,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  document.documentElement.lang = locale;
  return i18n;
}

export default i18n;
