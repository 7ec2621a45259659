/**
 * i18n: every UI string goes through i18next. The language is `?lang=` of the address when given
 * (the server renders `?lang=fr` pages in French), else the one chosen before (localStorage), else
 * the site's default language when the server rendered the page (`<html data-site-lang>`), else
 * the browser's. Strings are downloaded per language and per part (web/vite.config.ts): the
 * storefront's with the language, those of pages away from the first one (`later`) once
 * {@link loadLaterStrings} is called, the back office's (`admin`, `analytics` keys) once
 * {@link loadAdminStrings} is called; `i18n.changeLanguage` waits for the new language's parts.
 */
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';

const KEY = 'comptoir.lang';
const LANGS = ['en', 'fr'] as const;
type Lang = (typeof LANGS)[number];

type Part = () => Promise<{ default: Record<string, unknown> }>;
const PARTS: Record<Lang, { store: Part; admin: Part; later: Part }> = {
  en: { store: () => import('./en.json?part=store'), admin: () => import('./en.json?part=admin'), later: () => import('./en.json?part=later') },
  fr: { store: () => import('./fr.json?part=store'), admin: () => import('./fr.json?part=admin'), later: () => import('./fr.json?part=later') },
};

let withAdmin = false;
let withLater = false;

type Strings = Record<string, unknown>;
/** `a` with `b` merged in, nested objects merged too (the `later` part adds keys under `store`). */
const merged = (a: Strings, b: Strings | undefined): Strings => {
  const out: Strings = { ...a };
  for (const [key, value] of Object.entries(b ?? {})) {
    const mine = out[key];
    out[key] = mine && typeof mine === 'object' && value && typeof value === 'object' ? merged(mine as Strings, value as Strings) : value;
  }
  return out;
};

/** Loads a language's strings: the storefront part, plus the back office's once asked for. */
const backend: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, _namespace, callback) {
    const parts = PARTS[language as Lang];
    if (!parts) return callback(null, {});
    Promise.all([parts.store(), withAdmin ? parts.admin() : undefined, withLater ? parts.later() : undefined])
      .then(([store, admin, later]) => callback(null, merged(merged(store.default, admin?.default), later?.default)))
      .catch((error: Error) => callback(error, null));
  },
};

const isLang = (value: string | null | undefined): value is Lang => (LANGS as readonly string[]).includes(value ?? '');
const asked = new URLSearchParams(location.search).get('lang');
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
const site = document.documentElement.dataset.siteLang;
const initial: Lang = isLang(asked) ? asked : isLang(saved) ? saved : isLang(site) ? site : navigator.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
if (isLang(asked)) localStorage.setItem(KEY, asked);

/** Resolves once the first language's strings are loaded (render after it: no untranslated flash). */
export const i18nReady = i18n
  .use(backend)
  .use(initReactI18next)
  .init({
    lng: initial,
    fallbackLng: false,
    supportedLngs: [...LANGS],
    load: 'languageOnly',
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
document.documentElement.lang = initial;
i18n.on('languageChanged', (lng) => {
  localStorage.setItem(KEY, lng);
  document.documentElement.lang = lng;
});

/** Adds the back office's strings to the languages loaded so far (and to any loaded later). */
export async function loadAdminStrings(): Promise<void> {
  if (withAdmin) return;
  withAdmin = true;
  await Promise.all(LANGS.filter((lang) => i18n.hasResourceBundle(lang, 'translation')).map(async (lang) => {
    i18n.addResourceBundle(lang, 'translation', (await PARTS[lang].admin()).default, true, true);
  }));
}

/** Adds the strings of the storefront's later pages (account, support, help…) to the languages loaded so far (and to any loaded later). */
export async function loadLaterStrings(): Promise<void> {
  if (withLater) return;
  withLater = true;
  await Promise.all(LANGS.filter((lang) => i18n.hasResourceBundle(lang, 'translation')).map(async (lang) => {
    i18n.addResourceBundle(lang, 'translation', (await PARTS[lang].later()).default, true, true);
  }));
}

export default i18n;
