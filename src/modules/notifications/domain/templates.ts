/**
 * Message templates: mail (text and simple HTML), SMS and in-app notification texts, in English
 * and French. Pure functions, no I/O. Money arrives as integer minor units of an ISO 4217
 * currency and is formatted with `Intl.NumberFormat` for the locale (`en-GB` / `fr-FR`); dates
 * arrive as ISO 8601 UTC and are formatted with `Intl.DateTimeFormat` in UTC. Every value
 * interpolated into HTML is escaped.
 */
import type { Address, OrderSnapshot, RefundSnapshot, ShipmentSnapshot } from '../../orders/index.js';

/** Languages messages are written in. */
export type Locale = 'en' | 'fr';

/** Names of the mail templates: the one list the API's template filter and the stored mail's `template` are checked against. */
export const MAIL_TEMPLATES = [
  'welcome', 'verify_email', 'registration_attempt', 'password_reset', 'order_confirmation', 'order_shipped', 'order_delivered', 'order_cancelled', 'order_refunded',
  'scheduled_report', 'shipment_out_for_delivery', 'shipment_exception',
  'support_ticket_opened', 'support_reply', 'support_contact_received', 'support_contact_reply',
  'newsletter_confirm',
] as const;

/** A mail template's name (see {@link MAIL_TEMPLATES}). */
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/** A rendered mail: one-line subject (no CR/LF), plain text and an HTML document. */
export interface RenderedMail {
  template: MailTemplate;
  locale: Locale;
  subject: string;
  text: string;
  html: string;
  /** Extra headers stored with the mail and sent with it (support mail: threading, `Reply-To`). */
  headers?: Record<string, string>;
}

/**
 * Who a message speaks for: the shop's or the site's name (subjects, signature), and in the HTML
 * part the site's logo (an absolute https URL; anything else is left out) above a band of its
 * primary colour (CSS `#rrggbb`; anything else: none).
 */
export interface Brand {
  name: string;
  logoUrl: string | null;
  primaryColor: string | null;
}

/** A {@link Brand} with a name only (no logo, no colour band). */
export function plainBrand(name: string): Brand {
  return { name, logoUrl: null, primaryColor: null };
}

/** The title, body and link of an in-app notification. */
export interface RenderedNotification {
  title: string;
  body: string;
  link: string;
}

const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

/** `'fr'` for French locales (`fr`, `fr-FR`, `FR`, `fr_CA`), else `'en'` (also for unknown or missing values). */
export function normalizeLocale(value: unknown): Locale {
  return typeof value === 'string' && /^fr(?:[-_].*)?$/i.test(value.trim()) ? 'fr' : 'en';
}

/** Escapes `& < > " '` so the text can sit in HTML content or a quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** French names of the built-in shipping methods (by id); a method not listed keeps its own name. */
const FRENCH_SHIPPING_NAMES: Record<string, string> = {
  standard: 'Livraison standard',
  express: 'Livraison express',
  'free-standard': 'Livraison standard offerte',
};

/** One line: CR, LF and other control characters become spaces, runs of spaces collapse (mail subjects, SMS). */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * The display name of a `From` address (`Comptoir <shop@localhost>` → `Comptoir`), else the
 * address's local part, else `Comptoir`. Used as the shop's name in messages.
 */
export function shopNameFrom(mailFrom: string): string {
  const named = /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(mailFrom);
  if (named?.[1]?.trim()) return oneLine(named[1]);
  const bare = /^\s*<?([^@<>\s]+)@/.exec(mailFrom);
  return bare?.[1] ? oneLine(bare[1]) : 'Comptoir';
}

/**
 * Formats `amount` minor units of `currency` for `locale`: `formatMoney(1234, 'GBP', 'en')` →
 * `£12.34`, `formatMoney(1234, 'GBP', 'fr')` → `12,34 £` (with a no-break space). The decimal is
 * built from the integer as a string, never through a float. The currency's number of decimals
 * comes from Intl (JPY 0, EUR 2, BHD 3). An invalid currency code gives `12.34 XYZ`-like output
 * rather than throwing.
 */
export function formatMoney(amount: number, currency: string, locale: Locale): string {
  const format = moneyFormat(currency, locale);
  if (!format) return `${decimalString(amount, 2)} ${currency}`;
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // Intl.NumberFormat.format accepts exact decimal strings (ECMA-402 NumberFormat v3).
  return format.format(decimalString(amount, digits) as unknown as number);
}

/** Intl formatters are costly to build: one per (kind, locale, currency), kept (a handful in practice). */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.DisplayNames | null>();

function memo<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.DisplayNames>(key: string, make: () => T): T | null {
  if (!formatters.has(key)) {
    let made: T | null = null;
    try {
      made = make();
    } catch {
      made = null; // e.g. an invalid currency code
    }
    if (formatters.size < 1_000) formatters.set(key, made);
    return made;
  }
  return formatters.get(key) as T | null;
}

const moneyFormat = (currency: string, locale: Locale) =>
  memo(`money:${locale}:${currency}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }));

/** `-1234` with 2 digits → `"-12.34"`; exact for any safe integer. */
function decimalString(amount: number, digits: number): string {
  const n = Number.isFinite(amount) ? Math.trunc(amount) : 0;
  const sign = n < 0 ? '-' : '';
  const abs = String(Math.abs(n)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** An ISO 8601 instant as a long date in UTC (`5 March 2024` / `5 mars 2024`); the input itself when unparseable. */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return memo(`date:${locale}`, () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' }))!.format(date);
}

/** The name of an ISO 3166-1 alpha-2 country in `locale` (`GB` → `United Kingdom` / `Royaume-Uni`); other values unchanged. */
export function countryName(code: string, locale: Locale): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  try {
    return memo(`region:${locale}`, () => new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region' }))?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Words of a cancellation reason: the known codes are translated, any other text is the admin's own words. */
export function cancellationReason(reason: string, locale: Locale): string {
  const known: Record<string, Record<Locale, string>> = {
    payment_failed: { en: 'the payment could not be completed', fr: 'le paiement n’a pas pu aboutir' },
    payment_timeout: { en: 'we did not receive the payment in time', fr: 'nous n’avons pas reçu le paiement à temps' },
    customer_request: { en: 'you asked us to cancel it', fr: 'vous nous avez demandé de l’annuler' },
  };
  const words = known[reason]?.[locale];
  if (words) return words;
  const text = oneLine(reason);
  return text || (locale === 'fr' ? 'aucune raison précisée' : 'no reason given');
}

// ------------------------------------------------------------------ building blocks

/** A message as a list of blocks, rendered to text and to HTML by the same code. */
type Block =
  | { kind: 'p'; text: string }
  | { kind: 'link'; href: string }
  | { kind: 'lines'; rows: { label: string; value: string; strong?: boolean }[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'address'; title: string; lines: string[] };

function renderText(blocks: Block[], signature: string): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'p':
        out.push(b.text);
        break;
      case 'link':
        out.push(b.href);
        break;
      case 'lines': {
        const width = Math.max(...b.rows.map((r) => r.label.length));
        out.push(b.rows.map((r) => `${`${r.label}:`.padEnd(width + 2)}${r.value}`).join('\n'));
        break;
      }
      case 'table':
        out.push(b.rows.map((r) => `- ${r.join(' — ')}`).join('\n'));
        break;
      case 'address':
        out.push([`${b.title}:`, ...b.lines.map((l) => `  ${l}`)].join('\n'));
        break;
    }
  }
  out.push(signature);
  return `${out.join('\n\n')}\n`;
}

/** The HTML header of `brand`: its logo and colour band, or nothing for a plain brand. */
function brandHeader(brand: Brand): string {
  const color = brand.primaryColor && /^#[0-9a-fA-F]{6}$/.test(brand.primaryColor) ? brand.primaryColor : null;
  const logo = brand.logoUrl && /^https:\/\/[^\s"'<>]+$/.test(brand.logoUrl) ? brand.logoUrl : null;
  if (!color && !logo) return '';
  const band = color ? `border-top:6px solid ${color};` : '';
  return `<div style="${band}padding:12px 0">${logo ? `<img src="${escapeHtml(logo)}" alt="${escapeHtml(brand.name)}" style="max-height:48px">` : `<strong style="font-size:18px">${escapeHtml(brand.name)}</strong>`}</div>\n`;
}

function renderHtml(locale: Locale, subject: string, blocks: Block[], signature: string, brand: Brand): string {
  const e = escapeHtml;
  const cell = 'padding:4px 8px;border-bottom:1px solid #ddd;';
  const parts = blocks.map((b) => {
    switch (b.kind) {
      case 'p':
        return `<p>${e(b.text)}</p>`;
      case 'link':
        return `<p><a href="${e(b.href)}">${e(b.href)}</a></p>`;
      case 'lines':
        return `<table style="border-collapse:collapse">${b.rows
          .map((r) => `<tr><td style="padding:2px 12px 2px 0">${r.strong ? `<strong>${e(r.label)}</strong>` : e(r.label)}</td><td style="padding:2px 0;text-align:right">${r.strong ? `<strong>${e(r.value)}</strong>` : e(r.value)}</td></tr>`)
          .join('')}</table>`;
      case 'table':
        return `<table style="border-collapse:collapse"><thead><tr>${b.head.map((h) => `<th style="${cell}text-align:left">${e(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
          .map((r) => `<tr>${r.map((c, i) => `<td style="${cell}${i > 0 ? 'text-align:right' : ''}">${e(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
      case 'address':
        return `<p><strong>${e(b.title)}</strong><br>${b.lines.map(e).join('<br>')}</p>`;
    }
  });
  return `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;color:#222;max-width:640px">\n${brandHeader(brand)}${parts.join('\n')}\n<p>${e(signature)}</p>\n</body></html>\n`;
}

function mail(template: MailTemplate, locale: Locale, subject: string, blocks: Block[], brand: Brand): RenderedMail {
  const signature = locale === 'fr' ? `— L’équipe ${brand.name}` : `— The ${brand.name} team`;
  const line = oneLine(subject);
  return { template, locale, subject: line, text: renderText(blocks, signature), html: renderHtml(locale, line, blocks, signature, brand) };
}

function addressLines(a: Address, locale: Locale): string[] {
  return [
    `${a.firstName} ${a.lastName}`.trim(),
    a.line1,
    ...(a.line2 ? [a.line2] : []),
    `${a.postalCode} ${a.city}`.trim(),
    countryName(a.country, locale),
    ...(a.phone ? [a.phone] : []),
  ].map(oneLine).filter((l) => l.length > 0);
}

function greeting(firstName: string | null | undefined, locale: Locale): string {
  const name = firstName ? oneLine(firstName) : '';
  if (locale === 'fr') return name ? `Bonjour ${name},` : 'Bonjour,';
  return name ? `Hello ${name},` : 'Hello,';
}

// ------------------------------------------------------------------ mail templates

/**
 * `scheduled_report`: a report a user subscribed to, for `periodLabel`; says whether the file is
 * attached (`attached`) or only linked (too large), gives the download link and its expiry, and
 * the unsubscribe link.
 */
export function renderScheduledReport(
  r: { firstName: string | null; title: string; periodLabel: string; rows: number; fileName: string; attached: boolean; link: string; linkExpiresAt: string; unsubscribeLink: string },
  locale: Locale, brand: Brand,
): RenderedMail {
  const fr = locale === 'fr';
  const until = new Intl.DateTimeFormat(fr ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(r.linkExpiresAt));
  const rows = new Intl.NumberFormat(fr ? 'fr-FR' : 'en-GB').format(r.rows);
  return mail('scheduled_report', locale, fr ? `${r.title} — ${r.periodLabel}` : `${r.title} — ${r.periodLabel}`, [
    { kind: 'p', text: greeting(r.firstName, locale) },
    {
      kind: 'p',
      text: r.attached
        ? (fr ? `Votre rapport « ${r.title} » pour ${r.periodLabel} (${rows} lignes) est en pièce jointe : ${r.fileName}.` : `Your report "${r.title}" for ${r.periodLabel} (${rows} rows) is attached: ${r.fileName}.`)
        : (fr ? `Votre rapport « ${r.title} » pour ${r.periodLabel} (${rows} lignes) est trop volumineux pour être joint : téléchargez-le ici jusqu’au ${until}.` : `Your report "${r.title}" for ${r.periodLabel} (${rows} rows) is too large to attach: download it here until ${until}.`),
    },
    { kind: 'link', href: r.link },
    { kind: 'p', text: fr ? 'Pour ne plus recevoir ce rapport :' : 'To stop receiving this report:' },
    { kind: 'link', href: r.unsubscribeLink },
  ], brand);
}

/** `welcome`: sent on `user.registered`. */
export function renderWelcome(user: { firstName: string | null; email: string }, locale: Locale, brand: Brand): RenderedMail {
  const fr = locale === 'fr';
  return mail('welcome', locale, fr ? `Bienvenue chez ${brand.name}` : `Welcome to ${brand.name}`, [
    { kind: 'p', text: greeting(user.firstName, locale) },
    {
      kind: 'p',
      text: fr
        ? `Votre compte ${oneLine(user.email)} est créé. Vous pouvez désormais suivre vos commandes et retrouver vos adresses en vous connectant.`
        : `Your account ${oneLine(user.email)} is ready. Sign in to follow your orders and keep your addresses at hand.`,
    },
  ], brand);
}

/** Only http(s) URLs become links; anything else is dropped (the payload is trusted, this is a second guard). */
function linkBlock(href: string): Block[] {
  return /^https?:\/\/[^\s<>"']+$/.test(href) ? [{ kind: 'link', href }] : [];
}

/** `verify_email`: sent on `user.email_verification_requested`, with the verification link. */
export function renderVerifyEmail(user: { firstName: string | null; email: string }, link: string, locale: Locale, brand: Brand): RenderedMail {
  const fr = locale === 'fr';
  return mail('verify_email', locale, fr ? `Confirmez votre adresse chez ${brand.name}` : `Confirm your address at ${brand.name}`, [
    { kind: 'p', text: greeting(user.firstName, locale) },
    {
      kind: 'p',
      text: fr
        ? `Pour terminer la création de votre compte ${oneLine(user.email)}, ouvrez ce lien (valable 48 heures) :`
        : `To finish creating your account ${oneLine(user.email)}, open this link (valid for 48 hours):`,
    },
    ...linkBlock(link),
    { kind: 'p', text: fr ? 'Si vous n’avez pas créé de compte, ignorez ce message.' : 'If you did not sign up, ignore this message.' },
  ], brand);
}

/** `registration_attempt`: sent on `user.registration_attempted` to the owner of an existing account. */
export function renderRegistrationAttempt(user: { firstName: string | null; email: string }, link: string, locale: Locale, brand: Brand): RenderedMail {
  const fr = locale === 'fr';
  return mail('registration_attempt', locale, fr ? `Tentative d’inscription avec votre adresse chez ${brand.name}` : `Someone tried to sign up with your address at ${brand.name}`, [
    { kind: 'p', text: greeting(user.firstName, locale) },
    {
      kind: 'p',
      text: fr
        ? `Quelqu’un a essayé de créer un compte avec votre adresse ${oneLine(user.email)}, qui a déjà un compte chez nous. Rien n’a changé. Si c’était vous, connectez-vous, ou choisissez un nouveau mot de passe ici :`
        : `Someone tried to create an account with your address ${oneLine(user.email)}, which already has one with us. Nothing was changed. If it was you, sign in, or choose a new password here:`,
    },
    ...linkBlock(link),
    { kind: 'p', text: fr ? 'Si ce n’était pas vous, ignorez ce message.' : 'If it was not you, ignore this message.' },
  ], brand);
}

/** `password_reset`: sent on `user.password_reset_requested`, with the single-use reset link. */
export function renderPasswordReset(user: { firstName: string | null; email: string }, link: string, locale: Locale, brand: Brand): RenderedMail {
  const fr = locale === 'fr';
  return mail('password_reset', locale, fr ? `Nouveau mot de passe pour ${brand.name}` : `Choose a new password for ${brand.name}`, [
    { kind: 'p', text: greeting(user.firstName, locale) },
    {
      kind: 'p',
      text: fr
        ? `Pour choisir un nouveau mot de passe pour ${oneLine(user.email)}, ouvrez ce lien (valable une heure, une seule fois) :`
        : `To choose a new password for ${oneLine(user.email)}, open this link (valid for one hour, once):`,
    },
    ...linkBlock(link),
    {
      kind: 'p',
      text: fr
        ? 'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.'
        : 'If you did not ask for this, ignore this message: your password stays as it is.',
    },
  ], brand);
}

/**
 * `order_confirmation`: sent on `order.placed`, with every line, the totals and the shipping
 * address; for an order awaiting a bank transfer, the shop's bank details and the reference to quote.
 */
export function renderOrderConfirmation(order: OrderSnapshot, brand: Brand): RenderedMail {
  const locale = normalizeLocale(order.locale);
  const fr = locale === 'fr';
  const m = (amount: number) => formatMoney(amount, order.currency, locale);
  const totals: { label: string; value: string; strong?: boolean }[] = [{ label: fr ? 'Sous-total' : 'Subtotal', value: m(order.subtotal) }];
  if (order.discount > 0) {
    const code = order.promotionCode ? ` (${oneLine(order.promotionCode)})` : '';
    totals.push({ label: `${fr ? 'Remise' : 'Discount'}${code}`, value: m(-order.discount) });
  }
  totals.push({ label: `${fr ? 'Livraison' : 'Shipping'} (${oneLine(fr ? (FRENCH_SHIPPING_NAMES[order.shippingMethod.id] ?? order.shippingMethod.name) : order.shippingMethod.name)})`, value: m(order.shipping) });
  totals.push({ label: fr ? 'dont TVA' : 'Tax included', value: m(order.tax) });
  totals.push({ label: 'Total', value: m(order.total), strong: true });
  // Bank transfer: the order waits for the money; the mail says where to send it and what to quote.
  const bank = order.status === 'awaiting_payment' ? order.payment?.instructions : undefined;
  const payBlocks: Block[] = bank
    ? [
      {
        kind: 'p',
        text: fr
          ? `Votre commande sera préparée dès réception de votre virement de ${m(bank.amount)}. Indiquez la référence ${oneLine(bank.reference)}.`
          : `We will prepare your order as soon as your bank transfer of ${m(bank.amount)} arrives. Please quote the reference ${oneLine(bank.reference)}.`,
      },
      {
        kind: 'lines',
        rows: [
          { label: fr ? 'Titulaire du compte' : 'Account name', value: oneLine(bank.accountName) },
          { label: 'IBAN', value: oneLine(bank.iban), strong: true },
          { label: 'BIC', value: oneLine(bank.bic) },
          { label: fr ? 'Référence' : 'Reference', value: oneLine(bank.reference), strong: true },
          { label: fr ? 'Montant' : 'Amount', value: m(bank.amount) },
        ],
      },
    ]
    : [];
  const subject = bank
    ? (fr ? `Votre commande ${order.number} : en attente de votre virement` : `Your order ${order.number}: awaiting your bank transfer`)
    : (fr ? `Confirmation de votre commande ${order.number}` : `Your order ${order.number} is confirmed`);
  return mail('order_confirmation', locale, subject, [
    { kind: 'p', text: greeting(order.shippingAddress.firstName, locale) },
    {
      kind: 'p',
      text: fr
        ? `Merci pour votre commande ${order.number} du ${formatDate(order.placedAt, locale)}. En voici le récapitulatif.`
        : `Thank you for your order ${order.number} of ${formatDate(order.placedAt, locale)}. Here is a summary.`,
    },
    {
      kind: 'table',
      head: fr ? ['Article', 'Quantité', 'Prix unitaire', 'Total'] : ['Item', 'Quantity', 'Unit price', 'Total'],
      rows: order.lines.map((l) => [`${oneLine(l.title)} (${oneLine(l.sku)})`, `${l.quantity} ×`, m(l.unitPrice), m(l.lineTotal)]),
    },
    { kind: 'lines', rows: totals },
    ...payBlocks,
    { kind: 'address', title: fr ? 'Adresse de livraison' : 'Shipping address', lines: addressLines(order.shippingAddress, locale) },
    { kind: 'p', text: fr ? 'Nous vous écrirons dès que votre colis partira.' : 'We will write again as soon as your parcel is on its way.' },
  ], brand);
}

/** `order_shipped`: sent on `order.shipped`, with the carrier, the tracking number and the shipped lines. */
export function renderOrderShipped(order: OrderSnapshot, shipment: ShipmentSnapshot, brand: Brand): RenderedMail {
  const locale = normalizeLocale(order.locale);
  const fr = locale === 'fr';
  const titles = new Map(order.lines.map((l) => [l.sku, l.title]));
  return mail('order_shipped', locale, fr ? `Votre commande ${order.number} est en route` : `Your order ${order.number} has shipped`, [
    { kind: 'p', text: greeting(order.shippingAddress.firstName, locale) },
    {
      kind: 'p',
      text: fr
        ? `Votre commande ${order.number} a été expédiée le ${formatDate(shipment.shippedAt, locale)}.`
        : `Your order ${order.number} was shipped on ${formatDate(shipment.shippedAt, locale)}.`,
    },
    {
      kind: 'lines',
      rows: [
        { label: fr ? 'Transporteur' : 'Carrier', value: oneLine(shipment.carrier) },
        { label: fr ? 'Numéro de suivi' : 'Tracking number', value: oneLine(shipment.trackingNumber), strong: true },
      ],
    },
    ...(shipment.trackingUrl ? [{ kind: 'p', text: fr ? 'Suivez votre colis ici :' : 'Follow your parcel here:' } as Block, ...linkBlock(shipment.trackingUrl)] : []),
    {
      kind: 'table',
      head: fr ? ['Article', 'Quantité'] : ['Item', 'Quantity'],
      rows: shipment.lines.map((l) => [`${oneLine(titles.get(l.sku) ?? l.sku)} (${oneLine(l.sku)})`, `${l.quantity} ×`]),
    },
    { kind: 'address', title: fr ? 'Livraison à' : 'Delivering to', lines: addressLines(order.shippingAddress, locale) },
  ], brand);
}

/** `order_cancelled`: sent on `order.cancelled`, with the reason in words. */
export function renderOrderCancelled(order: OrderSnapshot, reason: string, brand: Brand): RenderedMail {
  const locale = normalizeLocale(order.locale);
  const fr = locale === 'fr';
  return mail('order_cancelled', locale, fr ? `Votre commande ${order.number} est annulée` : `Your order ${order.number} has been cancelled`, [
    { kind: 'p', text: greeting(order.shippingAddress.firstName, locale) },
    {
      kind: 'p',
      text: fr
        ? `Votre commande ${order.number} (${formatMoney(order.total, order.currency, locale)}) a été annulée : ${cancellationReason(reason, locale)}.`
        : `Your order ${order.number} (${formatMoney(order.total, order.currency, locale)}) has been cancelled: ${cancellationReason(reason, locale)}.`,
    },
    {
      kind: 'p',
      text: fr
        ? 'Si un paiement a été prélevé, il vous sera remboursé. Pour toute question, répondez simplement à ce message.'
        : 'If you were charged, the payment will be refunded. If you have any question, simply reply to this message.',
    },
  ], brand);
}

/** `order_delivered`: sent on `order.delivered`. */
export function renderOrderDelivered(order: OrderSnapshot, brand: Brand): RenderedMail {
  const locale = normalizeLocale(order.locale);
  const fr = locale === 'fr';
  return mail('order_delivered', locale, fr ? `Votre commande ${order.number} est livrée` : `Your order ${order.number} has been delivered`, [
    { kind: 'p', text: greeting(order.shippingAddress.firstName, locale) },
    {
      kind: 'p',
      text: fr
        ? `Votre commande ${order.number} a été livrée. Nous espérons qu’elle vous plaira.`
        : `Your order ${order.number} has been delivered. We hope you enjoy it.`,
    },
    {
      kind: 'p',
      text: fr
        ? 'Un article manque ou ne convient pas ? Répondez simplement à ce message.'
        : 'Something missing or not right? Simply reply to this message.',
    },
  ], brand);
}

/**
 * `shipment_out_for_delivery` / `shipment_exception`: sent on `order.shipment_tracked` with those
 * statuses: the parcel (carrier, tracking number, link), what the carrier said (`detail`) and,
 * for an exception, what to do.
 */
export function renderShipmentTracked(order: OrderSnapshot, shipment: ShipmentSnapshot, status: 'out_for_delivery' | 'exception', detail: string | null, brand: Brand): RenderedMail {
  const locale = normalizeLocale(order.locale);
  const fr = locale === 'fr';
  const out = status === 'out_for_delivery';
  const subject = out
    ? (fr ? `Votre commande ${order.number} arrive aujourd’hui` : `Your order ${order.number} is out for delivery`)
    : (fr ? `Un incident retarde votre commande ${order.number}` : `A problem is delaying your order ${order.number}`);
  return mail(out ? 'shipment_out_for_delivery' : 'shipment_exception', locale, subject, [
    { kind: 'p', text: greeting(order.shippingAddress.firstName, locale) },
    {
      kind: 'p',
      text: out
        ? (fr ? `Votre colis de la commande ${order.number} est en cours de livraison : il devrait arriver aujourd’hui.` : `The parcel of your order ${order.number} is out for delivery: it should arrive today.`)
        : (fr ? `Le transporteur signale un incident sur le colis de votre commande ${order.number}.` : `The carrier reports a problem with the parcel of your order ${order.number}.`),
    },
    ...(detail ? [{ kind: 'p', text: fr ? `Message du transporteur : ${oneLine(detail)}` : `Carrier message: ${oneLine(detail)}` } as Block] : []),
    {
      kind: 'lines',
      rows: [
        { label: fr ? 'Transporteur' : 'Carrier', value: oneLine(shipment.carrier) },
        { label: fr ? 'Numéro de suivi' : 'Tracking number', value: oneLine(shipment.trackingNumber), strong: true },
      ],
    },
    ...(shipment.trackingUrl ? [{ kind: 'p', text: fr ? 'Suivez votre colis ici :' : 'Follow your parcel here:' } as Block, ...linkBlock(shipment.trackingUrl)] : []),
    ...(out ? [] : [{ kind: 'p', text: fr ? 'Nous suivons l’incident avec le transporteur. Une question ? Répondez simplement à ce message.' : 'We are following it up with the carrier. Any question? Simply reply to this message.' } as Block]),
  ], brand);
}

/** `order_refunded`: sent on `order.refunded`, with the refunded lines, the shipping part, the amount and the reason. */
export function renderOrderRefunded(order: OrderSnapshot, refund: RefundSnapshot, brand: Brand): RenderedMail {
  const locale = normalizeLocale(order.locale);
  const fr = locale === 'fr';
  const m = (amount: number) => formatMoney(amount, order.currency, locale);
  const rows = refund.lines.map((l) => [`${oneLine(l.title)} (${oneLine(l.sku)})`, `${l.quantity} ×`, m(l.amount)]);
  if (refund.shipping > 0) rows.push([fr ? 'Livraison' : 'Shipping', '', m(refund.shipping)]);
  const totals = [{ label: fr ? 'Remboursé' : 'Refunded', value: m(refund.amount), strong: true }];
  if (refund.refundedTotal > refund.amount) totals.push({ label: fr ? 'Total remboursé sur la commande' : 'Refunded on this order in all', value: m(refund.refundedTotal), strong: false });
  return mail('order_refunded', locale, fr ? `Remboursement de votre commande ${order.number}` : `A refund on your order ${order.number}`, [
    { kind: 'p', text: greeting(order.shippingAddress.firstName, locale) },
    {
      kind: 'p',
      text: fr
        ? `Nous vous avons remboursé ${m(refund.amount)} sur votre commande ${order.number} : ${oneLine(refund.reason)}.`
        : `We have refunded ${m(refund.amount)} on your order ${order.number}: ${oneLine(refund.reason)}.`,
    },
    ...(rows.length ? [{ kind: 'table', head: fr ? ['Article', 'Quantité', 'Remboursé'] : ['Item', 'Quantity', 'Refunded'], rows } as Block] : []),
    { kind: 'lines', rows: totals },
    {
      kind: 'p',
      text: fr
        ? 'Le montant apparaîtra sur votre moyen de paiement d’ici quelques jours ouvrés.'
        : 'The money will be back on your payment method within a few working days.',
    },
  ], brand);
}

// ------------------------------------------------------------------ SMS and in-app

/** The SMS sent on `order.shipped`: `Your order CPT-1 has shipped: UPS 1Z999` (or in French). */
export function renderShippedSms(order: OrderSnapshot, shipment: ShipmentSnapshot): string {
  const what = `${oneLine(shipment.carrier)} ${oneLine(shipment.trackingNumber)}`;
  return normalizeLocale(order.locale) === 'fr'
    ? `Votre commande ${oneLine(order.number)} a été expédiée : ${what}`
    : `Your order ${oneLine(order.number)} has shipped: ${what}`;
}

/** In-app notification kinds. */
export type NotificationKind = 'order_placed' | 'order_shipped' | 'order_cancelled' | 'order_refunded';

/**
 * The in-app notification of an order event, in the order's locale. `link` is the storefront
 * path of the order (`/account/orders/<id>`).
 */
export function renderOrderNotification(
  kind: NotificationKind,
  order: OrderSnapshot,
  extra: { shipment?: ShipmentSnapshot; reason?: string; refund?: RefundSnapshot } = {},
): RenderedNotification {
  const locale = normalizeLocale(order.locale);
  const fr = locale === 'fr';
  const n = oneLine(order.number);
  const link = `/account/orders/${encodeURIComponent(order.id)}`;
  switch (kind) {
    case 'order_placed':
      return {
        title: fr ? `Commande ${n} reçue` : `Order ${n} received`,
        body: fr
          ? `Merci ! Votre commande de ${formatMoney(order.total, order.currency, locale)} est enregistrée.`
          : `Thank you! Your order of ${formatMoney(order.total, order.currency, locale)} has been placed.`,
        link,
      };
    case 'order_shipped': {
      const s = extra.shipment;
      const via = s ? ` ${fr ? 'par' : 'with'} ${oneLine(s.carrier)} (${fr ? 'suivi' : 'tracking'} ${oneLine(s.trackingNumber)})` : '';
      return {
        title: fr ? `Commande ${n} expédiée` : `Order ${n} shipped`,
        body: fr ? `Votre commande est en route${via}.` : `Your order is on its way${via}.`,
        link,
      };
    }
    case 'order_cancelled':
      return {
        title: fr ? `Commande ${n} annulée` : `Order ${n} cancelled`,
        body: fr
          ? `Votre commande a été annulée : ${cancellationReason(extra.reason ?? '', locale)}.`
          : `Your order has been cancelled: ${cancellationReason(extra.reason ?? '', locale)}.`,
        link,
      };
    case 'order_refunded': {
      const amount = formatMoney(extra.refund?.amount ?? 0, order.currency, locale);
      return {
        title: fr ? `Remboursement de la commande ${n}` : `Order ${n} refunded`,
        body: fr ? `Nous vous avons remboursé ${amount}.` : `We have refunded ${amount}.`,
        link,
      };
    }
  }
}

/** What a support mail is about: the ticket, its mail threading and, for a guest, their link. */
export interface SupportMailInput {
  ticket: { id: string; subject: string; locale: string; email: string; customerId: string | null };
  mail: { messageId: string; inReplyTo: string | null; references: string[]; replyTo: string };
  guestLink: string | null;
}

/** Threading headers of a support mail (RFC 5322 `Message-ID`, `In-Reply-To`, `References`) and its `Reply-To`. */
function threadHeaders(mail: SupportMailInput['mail']): Record<string, string> {
  return {
    'Message-ID': mail.messageId,
    ...(mail.inReplyTo ? { 'In-Reply-To': mail.inReplyTo } : {}),
    ...(mail.references.length > 0 ? { References: mail.references.join(' ') } : {}),
    'Reply-To': mail.replyTo,
  };
}

/** A text as paragraphs (blank lines separate them; single line breaks are kept in the plain text). */
function paragraphs(text: string): Block[] {
  return text.split(/\n\s*\n/).map((t) => t.trim()).filter(Boolean).map((t) => ({ kind: 'p' as const, text: t }));
}

/** `support_ticket_opened`: sent on `ticket.created`: the ticket is received (with the customer's message; a guest gets their link instead), replies by mail reach it. */
export function renderSupportTicketOpened(input: SupportMailInput & { message: string }, brand: Brand): RenderedMail {
  const locale = normalizeLocale(input.ticket.locale);
  const fr = locale === 'fr';
  const subject = `[${input.ticket.id}] ${oneLine(input.ticket.subject)}`;
  const rendered = mail('support_ticket_opened', locale, subject, [
    { kind: 'p', text: greeting(null, locale) },
    { kind: 'p', text: fr ? 'Nous avons bien reçu votre demande et vous répondrons bientôt. Répondez à ce message pour la compléter.' : 'We have received your request and will answer soon. Reply to this message to add to it.' },
    // A guest's address is whatever was typed: their own words are not mailed to it (no spam relay).
    ...(input.ticket.customerId ? paragraphs(input.message) : []),
    ...(input.guestLink ? [{ kind: 'p' as const, text: fr ? 'Suivez votre demande ici (lien valable 7 jours) :' : 'Follow your request here (link valid for 7 days):' }, ...linkBlock(input.guestLink)] : []),
  ], brand);
  return { ...rendered, headers: threadHeaders(input.mail) };
}

/** `support_reply`: sent on an agent's public reply (`ticket.replied`), with the reply's text, threaded under the ticket's earlier mail. */
export function renderSupportReply(input: SupportMailInput & { body: string }, brand: Brand): RenderedMail {
  const locale = normalizeLocale(input.ticket.locale);
  const fr = locale === 'fr';
  const rendered = mail('support_reply', locale, `Re: [${input.ticket.id}] ${oneLine(input.ticket.subject)}`, [
    ...paragraphs(input.body),
    ...(input.guestLink ? [{ kind: 'p' as const, text: fr ? 'Votre demande en ligne (lien valable 7 jours) :' : 'Your request online (link valid for 7 days):' }, ...linkBlock(input.guestLink)] : []),
  ], brand);
  return { ...rendered, headers: threadHeaders(input.mail) };
}

/** The sender of a contact form message, as the contact events carry them. */
export interface ContactMailInput {
  contact: { id: string; name: string; email: string; locale: string };
}

/** `support_contact_received`: sent on `contact.received`; says the message arrived and never repeats what was written (the address may not be the sender's). */
export function renderContactReceived(input: ContactMailInput, brand: Brand): RenderedMail {
  const locale = normalizeLocale(input.contact.locale);
  const fr = locale === 'fr';
  return mail('support_contact_received', locale, fr ? 'Nous avons bien reçu votre message' : 'We have received your message', [
    { kind: 'p', text: greeting(input.contact.name, locale) },
    { kind: 'p', text: fr ? 'Merci de nous avoir écrit. Notre équipe vous répondra rapidement.' : 'Thank you for writing to us. Our team will answer soon.' },
  ], brand);
}

/** `support_contact_reply`: sent on `contact.answered`, with the answer's text. */
export function renderContactReply(input: ContactMailInput & { body: string }, brand: Brand): RenderedMail {
  const locale = normalizeLocale(input.contact.locale);
  return mail('support_contact_reply', locale, locale === 'fr' ? 'Réponse à votre message' : 'An answer to your message', [
    { kind: 'p', text: greeting(input.contact.name, locale) },
    ...paragraphs(input.body),
  ], brand);
}

/** `newsletter_confirm`: sent on `newsletter.confirmation_requested`, the double opt-in link (valid 7 days). */
export function renderNewsletterConfirm(input: { email: string; locale: string; link: string }, brand: Brand): RenderedMail {
  const locale = normalizeLocale(input.locale);
  const fr = locale === 'fr';
  return mail('newsletter_confirm', locale, fr ? 'Confirmez votre inscription à la lettre d’information' : 'Confirm your newsletter subscription', [
    { kind: 'p', text: greeting(null, locale) },
    { kind: 'p', text: fr ? 'Pour recevoir notre lettre d’information, confirmez votre inscription avec ce lien (valable 7 jours) :' : 'To receive our newsletter, confirm your subscription with this link (valid for 7 days):' },
    ...linkBlock(input.link),
    { kind: 'p', text: fr ? 'Si vous n’avez rien demandé, ignorez ce message : vous ne serez pas inscrit(e).' : 'If you did not ask for this, ignore this mail: you will not be subscribed.' },
  ], brand);
}
