/**
 * i18n: every UI string goes through i18next. The language is `?lang=` of the address when given
 * (the server renders `?lang=fr` pages in French), else the one chosen before (localStorage), else
 * the browser's. Strings are downloaded per language and per part (web/vite.config.ts): the
 * storefront's with the language, the back office's (`admin`, `analytics` keys) only once
 * {@link loadAdminStrings} is called; `i18n.changeLanguage` waits for the new language's parts.
 */
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';

const KEY = 'comptoir.lang';
const LANGS = ['en', 'fr'] as const;
type Lang = (typeof LANGS)[number];

type Part = () => Promise<{ default: Record<string, unknown> }>;
const PARTS: Record<Lang, { store: Part; admin: Part }> = {
  en: { store: () => import('./en.json?part=store'), admin: () => import('./en.json?part=admin') },
  fr: { store: () => import('./fr.json?part=store'), admin: () => import('./fr.json?part=admin') },
};

let withAdmin = false;

/** Loads a language's strings: the storefront part, plus the back office's once asked for. */
const backend: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, _namespace, callback) {
    const parts = PARTS[language as Lang];
    if (!parts) return callback(null, {});
    Promise.all([parts.store(), withAdmin ? parts.admin() : undefined])
      .then(([store, admin]) => callback(null, { ...(store.default as object), ...((admin?.default as object | undefined) ?? {}) }))
      .catch((error: Error) => callback(error, null));
  },
};

const isLang = (value: string | null | undefined): value is Lang => (LANGS as readonly string[]).includes(value ?? '');
const asked = new URLSearchParams(location.search).get('lang');
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
const initial: Lang = isLang(asked) ? asked : isLang(saved) ? saved : navigator.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
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

export default i18n;
