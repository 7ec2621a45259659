/** i18n: every UI string goes through i18next; the chosen language sticks (localStorage). */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';

const KEY = 'comptoir.lang';
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
const initial = saved ?? (navigator.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en');

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  localStorage.setItem(KEY, lng);
  document.documentElement.lang = lng;
});

export default i18n;
