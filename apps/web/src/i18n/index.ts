import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales/zh-CN.json';

type Catalogue = Record<string, unknown>;

/**
 * Each feature may keep its own texts under a top-level key of its own:
 * - in `features/<feature>/locales/{zh-CN,en}.json`, merged into the one catalogue per language that
 *   comes with the app (the shell and the first screen need them);
 * - in `features/<feature>/texts/{zh-CN,en}.json`, registered by the feature's `texts.ts` when its
 *   screens' code loads (`registerTexts`), so that the first screen does not carry every screen's texts.
 */
const FEATURE_CATALOGUES = import.meta.glob<{ default: Catalogue }>('../features/*/locales/zh-CN.json', { eager: true });
/** English comes on demand (Chinese is the default): the base catalogue and the features' files. */
const ENGLISH = import.meta.glob<{ default: Catalogue }>(['./locales/en.json', '../features/*/locales/en.json']);

export function catalogue(base: Catalogue, locale: Locale, features: Record<string, { default: Catalogue }> = FEATURE_CATALOGUES): Catalogue {
  const merged: Catalogue = { ...base };
  for (const [path, module] of Object.entries(features)) {
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

let english: Promise<void> | null = null;

/**
 * Makes a language's texts available before it is shown (Chinese always is; English is fetched once).
 * The app awaits this before switching, and before its first render when English was chosen.
 */
export function loadLocale(locale: Locale): Promise<void> {
  if (locale !== 'en') return Promise.resolve();
  english ??= Promise.all(Object.entries(ENGLISH).map(async ([path, load]) => [path, await load()] as const)).then((files) => {
    const base = files.find(([path]) => path === './locales/en.json')![1].default;
    const features = Object.fromEntries(files.filter(([path]) => path !== './locales/en.json'));
    i18n.addResourceBundle('en', 'translation', catalogue(base, 'en', features), true, true);
  });
  return english;
}

/** Feature texts registered before i18next was set up: added when it is. */
const pending: Array<Record<Locale, Catalogue>> = [];

function addTexts(texts: Record<Locale, Catalogue>): void {
  for (const locale of LOCALES) i18n.addResourceBundle(locale, 'translation', texts[locale], true, true);
}

/**
 * A feature's own texts, in both languages, from the module its screens import (keys unique across all
 * catalogues: `catalogue.test.ts` checks them with the others).
 */
export function registerTexts(texts: Record<Locale, Catalogue>): void {
  if (i18n.isInitialized) addTexts(texts);
  else pending.push(texts);
}

/**
 * Sets up i18next with the Chinese texts; a stored choice of English is shown once `loadLocale('en')` has
 * brought its texts (main.tsx waits for it).
 */
export function initI18n(locale: Locale = storedLocale()) {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { 'zh-CN': { translation: catalogue(zhCN, 'zh-CN') } },
      // English is listed so that its texts, added when loaded, are used.
      supportedLngs: LOCALES,
      lng: locale,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      returnNull: false,
      // The resources are in memory: initialised at once, so feature texts can be added right after.
      initAsync: false,
    });
    for (const texts of pending.splice(0)) addTexts(texts);
  }
  document.documentElement.lang = locale;
  return i18n;
}

export default i18n;
