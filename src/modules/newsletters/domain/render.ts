/**
 * Campaign mail rendering, pure: a campaign version (subject, preheader, HTML and text written by
 * staff) becomes one subscriber's mail with the visible unsubscribe link, the RFC 2369/8058
 * one-click headers and, when asked, open/click tracking.
 */

/** Languages campaigns are written in. */
export type Locale = 'en' | 'fr';

/** One language version of a campaign. `html` is trusted staff HTML (the body, without `<html>`). */
export interface CampaignVersion {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

/** A campaign's content: an English and a French version. */
export type CampaignContent = Record<Locale, CampaignVersion>;

/** The links one recipient's mail carries. */
export interface RecipientLinks {
  /** HTTPS one-click unsubscribe (POST, RFC 8058) — also the `List-Unsubscribe` HTTPS URI. */
  oneClickUrl: string;
  /** `mailto:` unsubscribe address (`List-Unsubscribe` mailto URI). */
  mailto: string;
  /** The visible unsubscribe page (a storefront page with one button). */
  pageUrl: string;
  /** Open pixel URL, when tracking is on. */
  openPixelUrl?: string;
  /** Click redirect of a link (`url` → tracked URL), when tracking is on. */
  clickUrl?: (url: string) => string;
}

/** A rendered campaign mail. */
export interface RenderedCampaignMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

const FOOTER: Record<Locale, { why: string; unsubscribe: string }> = {
  en: { why: 'You receive this mail because you subscribed to our newsletter.', unsubscribe: 'Unsubscribe' },
  fr: { why: 'Vous recevez ce message car vous êtes inscrit(e) à notre lettre d’information.', unsubscribe: 'Se désinscrire' },
};

/** The `List-Unsubscribe` and `List-Unsubscribe-Post` headers (RFC 2369, RFC 8058). */
export function unsubscribeHeaders(links: Pick<RecipientLinks, 'mailto' | 'oneClickUrl'>): Record<string, string> {
  return { 'List-Unsubscribe': `<${links.mailto}>, <${links.oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** Rewrites `href="http(s)://…"` links of `html` through `clickUrl` (unsubscribe links excepted). */
function trackLinks(html: string, clickUrl: (url: string) => string, except: string): string {
  return html.replace(/href="(https?:\/\/[^"]+)"/g, (whole, url: string) => (url === except ? whole : `href="${escape(clickUrl(url.replace(/&amp;/g, '&')))}"`));
}

/**
 * One recipient's mail from `version` in `locale`: the hidden preheader first, the staff HTML,
 * then a footer with the visible unsubscribe link; the text body ends with the same link; the
 * headers carry `List-Unsubscribe` (mailto and HTTPS) and `List-Unsubscribe-Post`.
 */
export function renderCampaignMail(version: CampaignVersion, locale: Locale, links: RecipientLinks): RenderedCampaignMail {
  const footer = FOOTER[locale];
  let body = version.html;
  if (links.clickUrl) body = trackLinks(body, links.clickUrl, links.pageUrl);
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escape(oneLine(version.subject))}</title></head><body>`,
    version.preheader ? `<div style="display:none;max-height:0;overflow:hidden">${escape(version.preheader)}</div>` : '',
    body,
    `<hr><p style="font-size:12px;color:#555">${escape(footer.why)} <a href="${escape(links.pageUrl)}">${escape(footer.unsubscribe)}</a></p>`,
    links.openPixelUrl ? `<img src="${escape(links.openPixelUrl)}" width="1" height="1" alt="">` : '',
    '</body></html>',
  ].join('');
  const text = `${version.text.trim()}\n\n-- \n${footer.why}\n${footer.unsubscribe}: ${links.pageUrl}\n`;
  return { subject: oneLine(version.subject), text, html, headers: unsubscribeHeaders(links) };
}

/** The mail domain and local part of `MAIL_FROM` (`Shop <shop@example.com>` → shop, example.com). */
export function mailAddress(mailFrom: string): { local: string; domain: string } {
  const match = /<?([^<>\s@]+)@([^<>\s@]+)>?\s*$/.exec(mailFrom);
  return { local: match?.[1] ?? 'shop', domain: match?.[2] ?? 'localhost' };
}

/** `'fr'` for French locales, else `'en'`. */
export function normalizeLocale(value: unknown): Locale {
  return typeof value === 'string' && value.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The default consent text shown by the storefront form, per language (kept verbatim in the consent record). */
export const DEFAULT_CONSENT_TEXT: Record<Locale, string> = {
  en: 'I agree to receive the newsletter by e-mail. I can unsubscribe at any time with the link in every mail.',
  fr: 'J’accepte de recevoir la lettre d’information par e-mail. Je peux me désinscrire à tout moment grâce au lien présent dans chaque message.',
};
