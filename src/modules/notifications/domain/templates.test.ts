import { describe, expect, it } from 'vitest';
import type { OrderSnapshot, ShipmentSnapshot } from '../../orders/index.js';
import {
  cancellationReason, countryName, escapeHtml, formatDate, formatMoney, normalizeLocale, oneLine, renderOrderCancelled, renderOrderConfirmation,
  renderOrderDelivered, renderOrderNotification, renderOrderRefunded, renderOrderShipped, renderPasswordReset, renderRegistrationAttempt, renderShippedSms, renderVerifyEmail, renderWelcome, shopNameFrom, plainBrand,
} from './templates.js';

/** Intl puts no-break spaces (U+00A0, U+202F) in French numbers; compare with plain spaces. */
/** The shop's brand in these tests: a name, no logo or colour. */
const SHOP = plainBrand('Comptoir');

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function order(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
    id: 'ord_01TEST',
    number: 'CPT-100042',
    customerId: 'usr_01TEST',
    email: 'ada@example.test',
    locale: 'en',
    status: 'pending',
    currency: 'GBP',
    lines: [
      { sku: 'LANT-1', title: 'Moroccan Metal Lantern', quantity: 2, unitPrice: 1234, discount: 0, lineTotal: 2468 },
      { sku: 'MUG-1', title: 'Tea Mug', quantity: 1, unitPrice: 550, discount: 0, lineTotal: 550 },
    ],
    subtotal: 3018,
    discount: 500,
    shipping: 395,
    tax: 485,
    total: 2913,
    promotionCode: 'SPRING5',
    shippingAddress: { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', phone: '+447700900123' },
    shippingMethod: { id: 'standard', name: 'Standard delivery' },
    placedAt: '2024-03-05T10:15:00.000Z',
    ...overrides,
  };
}

const shipment: ShipmentSnapshot = { id: 'shp_01', carrier: 'Royal Mail', trackingNumber: 'RM123456789GB', lines: [{ sku: 'LANT-1', quantity: 2 }], shippedAt: '2024-03-06T08:00:00.000Z' };

describe('formatting', () => {
  it('formats minor units for the locale and currency, exactly', () => {
    expect(formatMoney(1234, 'GBP', 'en')).toBe('£12.34');
    expect(plain(formatMoney(1234, 'GBP', 'fr'))).toBe('12,34 £');
    expect(plain(formatMoney(123456789, 'EUR', 'fr'))).toBe('1 234 567,89 €');
    expect(formatMoney(-500, 'GBP', 'en')).toBe('-£5.00');
    expect(formatMoney(5, 'GBP', 'en')).toBe('£0.05');
    expect(formatMoney(0, 'EUR', 'en')).toBe('€0.00');
    expect(formatMoney(1234, 'JPY', 'en')).toBe('¥1,234');
    expect(formatMoney(1234, 'BHD', 'en')).toMatch(/1\.234$/);
    // 2^53 - 1 pence: exact, no float rounding.
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'GBP', 'en')).toBe('£90,071,992,547,409.91');
    expect(formatMoney(1234, 'not a currency', 'en')).toBe('12.34 not a currency');
  });

  it('formats dates in UTC and country names in the locale', () => {
    expect(formatDate('2024-03-05T23:30:00.000Z', 'en')).toBe('5 March 2024');
    expect(formatDate('2024-03-05T23:30:00.000Z', 'fr')).toBe('5 mars 2024');
    expect(formatDate('yesterday', 'en')).toBe('yesterday');
    expect(countryName('GB', 'en')).toBe('United Kingdom');
    expect(countryName('fr', 'fr')).toBe('France');
    expect(countryName('United Kingdom', 'fr')).toBe('United Kingdom');
  });

  it('maps locales: French variants to fr, anything else to en', () => {
    expect(normalizeLocale('fr')).toBe('fr');
    expect(normalizeLocale('fr-CA')).toBe('fr');
    expect(normalizeLocale('FR_fr')).toBe('fr');
    expect(normalizeLocale('de')).toBe('en');
    expect(normalizeLocale('french')).toBe('en');
    expect(normalizeLocale(undefined)).toBe('en');
    expect(normalizeLocale(42)).toBe('en');
  });

  it('escapes HTML and flattens header text', () => {
    expect(escapeHtml(`<b>"Tom" & 'Jerry'</b>`)).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
    expect(oneLine('Order 1\r\nBcc: evil@example.test')).toBe('Order 1 Bcc: evil@example.test');
  });

  it('takes the shop name from MAIL_FROM', () => {
    expect(shopNameFrom('Comptoir <shop@localhost>')).toBe('Comptoir');
    expect(shopNameFrom('"Le Petit Comptoir" <bonjour@example.test>')).toBe('Le Petit Comptoir');
    expect(shopNameFrom('boutique@example.test')).toBe('boutique');
    expect(shopNameFrom('')).toBe('Comptoir');
  });

  it('puts cancellation reasons in words, keeping an admin’s own text', () => {
    expect(cancellationReason('payment_timeout', 'en')).toBe('we did not receive the payment in time');
    expect(cancellationReason('payment_failed', 'fr')).toBe('le paiement n’a pas pu aboutir');
    expect(cancellationReason('customer_request', 'en')).toBe('you asked us to cancel it');
    expect(cancellationReason('Out of stock\nsorry', 'en')).toBe('Out of stock sorry');
    expect(cancellationReason('', 'fr')).toBe('aucune raison précisée');
  });
});

describe('mail templates', () => {
  it('welcome, in English and French', () => {
    const en = renderWelcome({ firstName: 'Ada', email: 'ada@example.test' }, 'en', SHOP);
    expect(en).toMatchObject({ template: 'welcome', locale: 'en', subject: 'Welcome to Comptoir' });
    expect(en.text).toContain('Hello Ada,');
    expect(en.text).toContain('ada@example.test');
    expect(en.html).toContain('<html lang="en">');
    const fr = renderWelcome({ firstName: null, email: 'ada@example.test' }, 'fr', SHOP);
    expect(fr.subject).toBe('Bienvenue chez Comptoir');
    expect(fr.text.startsWith('Bonjour,\n')).toBe(true);
    expect(fr.text).toContain('L’équipe Comptoir');
  });

  it('order confirmation lists every line with quantity, unit price and line total, the totals and the address', () => {
    const m = renderOrderConfirmation(order(), SHOP);
    expect(m.subject).toBe('Your order CPT-100042 is confirmed');
    expect(m.text).toContain('Moroccan Metal Lantern (LANT-1) — 2 × — £12.34 — £24.68');
    expect(m.text).toContain('Tea Mug (MUG-1) — 1 × — £5.50 — £5.50');
    expect(m.text).toMatch(/Subtotal:\s+£30\.18/);
    expect(m.text).toMatch(/Discount \(SPRING5\):\s+-£5\.00/);
    expect(m.text).toMatch(/Shipping \(Standard delivery\):\s+£3\.95/);
    expect(m.text).toMatch(/Tax included:\s+£4\.85/);
    expect(m.text).toMatch(/Total:\s+£29\.13/);
    expect(m.text).toContain('5 March 2024');
    expect(m.text).toContain('Shipping address:\n  Ada Lovelace\n  12 St James’s Square\n  SW1Y 4JH London\n  United Kingdom\n  +447700900123');
    expect(m.html).toContain('<td style="padding:4px 8px;border-bottom:1px solid #ddd;">Moroccan Metal Lantern (LANT-1)</td>');
    expect(m.html).toContain('<strong>£29.13</strong>');
  });

  it('order confirmation in French', () => {
    const m = renderOrderConfirmation(order({ locale: 'fr' }), SHOP);
    expect(m.locale).toBe('fr');
    expect(m.subject).toBe('Confirmation de votre commande CPT-100042');
    const text = plain(m.text);
    expect(text).toContain('Moroccan Metal Lantern (LANT-1) — 2 × — 12,34 £ — 24,68 £');
    expect(text).toMatch(/Sous-total:\s+30,18 £/);
    expect(text).toMatch(/Remise \(SPRING5\):\s+-5,00 £/);
    expect(text).toMatch(/dont TVA:\s+4,85 £/);
    expect(text).toMatch(/Livraison \(Livraison standard\):\s+3,95 £/);
    expect(text).toContain('Royaume-Uni');
    expect(text).toContain('5 mars 2024');
  });

  it('omits the discount line when there is none', () => {
    const m = renderOrderConfirmation(order({ discount: 0, promotionCode: null }), SHOP);
    expect(m.text).not.toContain('Discount');
  });

  it('escapes every interpolated value in HTML (and keeps plain text as is)', () => {
    const hostile = order({
      lines: [{ sku: 'X"1', title: '<b>x</b>', quantity: 1, unitPrice: 100, discount: 0, lineTotal: 100 }],
      shippingAddress: { firstName: '<script>alert(1)</script>', lastName: 'O’Brien & Sons', line1: '"quoted"', city: 'Paris', postalCode: '75001', country: 'FR' },
      shippingMethod: { id: 'x', name: "<img src=x onerror='a'>" },
      promotionCode: '<i>',
    });
    const m = renderOrderConfirmation(hostile, { name: '<Shop>', logoUrl: 'https://cdn.example/logo.png" onerror="x', primaryColor: 'red;background:url(x)' });
    expect(m.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.html).toContain('&lt;img src=x onerror=&#39;a&#39;&gt;');
    expect(m.html).toContain('X&quot;1');
    expect(m.html).toContain('O’Brien &amp; Sons');
    expect(m.html).toContain('&lt;Shop&gt;');
    for (const raw of ['<b>x</b>', '<script>', '<img', '<i>', '<Shop>', 'onerror="x', 'background:url']) expect(m.html).not.toContain(raw);
    expect(m.text).toContain('<b>x</b> (X"1)');
  });

  it('speaks as a site\'s brand: its name in subject and signature, its logo above a band of its colour', () => {
    const brand = { name: 'Comptoir France', logoUrl: 'https://cdn.example/fr-logo.png', primaryColor: '#0055a4' };
    const m = renderWelcome({ firstName: 'Ada', email: 'ada@example.test' }, 'fr', brand);
    expect(m.subject).toBe('Bienvenue chez Comptoir France');
    expect(m.text).toContain('— L’équipe Comptoir France');
    expect(m.html).toContain('border-top:6px solid #0055a4');
    expect(m.html).toContain('<img src="https://cdn.example/fr-logo.png" alt="Comptoir France"');
    // A plain brand (the shop) has no header; a logo that is not https is left out, the name shown instead.
    expect(renderWelcome({ firstName: 'Ada', email: 'ada@example.test' }, 'en', SHOP).html).not.toContain('border-top');
    const named = renderWelcome({ firstName: 'Ada', email: 'ada@example.test' }, 'en', { ...brand, logoUrl: '/logo.png' }).html;
    expect(named).not.toContain('<img');
    expect(named).toContain('<strong style="font-size:18px">Comptoir France</strong>');
  });

  it('order shipped has the carrier, the tracking number and the shipped lines', () => {
    const en = renderOrderShipped(order(), shipment, SHOP);
    expect(en.subject).toBe('Your order CPT-100042 has shipped');
    expect(en.text).toMatch(/Carrier:\s+Royal Mail/);
    expect(en.text).toMatch(/Tracking number:\s+RM123456789GB/);
    expect(en.text).toContain('Moroccan Metal Lantern (LANT-1) — 2 ×');
    expect(en.text).toContain('6 March 2024');
    const fr = renderOrderShipped(order({ locale: 'fr' }), shipment, SHOP);
    expect(fr.text).toMatch(/Transporteur:\s+Royal Mail/);
    expect(fr.text).toMatch(/Numéro de suivi:\s+RM123456789GB/);
  });

  it('order cancelled gives the reason in words', () => {
    const en = renderOrderCancelled(order(), 'payment_failed', SHOP);
    expect(en.subject).toBe('Your order CPT-100042 has been cancelled');
    expect(en.text).toContain('Your order CPT-100042 (£29.13) has been cancelled: the payment could not be completed.');
    const fr = renderOrderCancelled(order({ locale: 'fr' }), 'customer_request', SHOP);
    expect(plain(fr.text)).toContain('Votre commande CPT-100042 (29,13 £) a été annulée : vous nous avez demandé de l’annuler.');
  });

  it('an unknown locale in a snapshot renders in English', () => {
    const m = renderOrderConfirmation(order({ locale: 'de' as 'en' }), SHOP);
    expect(m.locale).toBe('en');
    expect(m.subject).toBe('Your order CPT-100042 is confirmed');
  });
});

describe('SMS and in-app texts', () => {
  it('shipping SMS in the order’s locale', () => {
    expect(renderShippedSms(order(), shipment)).toBe('Your order CPT-100042 has shipped: Royal Mail RM123456789GB');
    expect(renderShippedSms(order({ locale: 'fr' }), shipment)).toBe('Votre commande CPT-100042 a été expédiée : Royal Mail RM123456789GB');
  });

  it('in-app notifications', () => {
    expect(renderOrderNotification('order_placed', order())).toEqual({
      title: 'Order CPT-100042 received', body: 'Thank you! Your order of £29.13 has been placed.', link: '/account/orders/ord_01TEST',
    });
    expect(renderOrderNotification('order_shipped', order({ locale: 'fr' }), { shipment }).body).toBe('Votre commande est en route par Royal Mail (suivi RM123456789GB).');
    expect(renderOrderNotification('order_cancelled', order(), { reason: 'payment_timeout' }).body).toBe('Your order has been cancelled: we did not receive the payment in time.');
  });
});

describe('account mails (verification, sign-up attempt, password reset)', () => {
  const user = { firstName: 'Ada <b>', email: 'ada@example.test' };
  it('carry the link as text and as an escaped HTML anchor, in English and French', () => {
    const link = 'https://shop.example/verify-email#token=a.b-c_d';
    const en = renderVerifyEmail(user, link, 'en', SHOP);
    expect(en).toMatchObject({ template: 'verify_email', locale: 'en', subject: 'Confirm your address at Comptoir' });
    expect(en.text).toContain(`\n\n${link}\n\n`);
    expect(en.html).toContain(`<a href="${link}">${link}</a>`);
    expect(en.html).toContain('Hello Ada &lt;b&gt;,');
    const fr = renderPasswordReset(user, 'https://shop.example/reset-password#token=x', 'fr', SHOP);
    expect(fr).toMatchObject({ template: 'password_reset', locale: 'fr', subject: 'Nouveau mot de passe pour Comptoir' });
    expect(renderRegistrationAttempt(user, 'https://shop.example/forgot-password', 'en', SHOP).text).toContain('Nothing was changed');
  });

  it('drop anything that is not an http(s) URL', () => {
    const mail = renderVerifyEmail(user, 'javascript:alert(1)', 'en', SHOP);
    expect(mail.html).not.toContain('<a ');
    expect(mail.text).not.toContain('javascript:');
  });
});

describe('after delivery: delivered and refund mails', () => {
  const refund = {
    id: 'orf_01', paymentRefundId: 'rfd_01', amount: 1629, shipping: 395, lines: [{ sku: 'LANT-1', title: 'Moroccan Metal Lantern', quantity: 1, amount: 1234 }],
    restocked: true, reason: 'Arrived <broken>', refundedTotal: 2000, at: '2024-03-09T10:00:00.000Z',
  };

  it('the refund mail lists the refunded line and shipping, the amount and the reason, in English and French, escaped', () => {
    const en = renderOrderRefunded(order(), refund, SHOP);
    expect(en).toMatchObject({ template: 'order_refunded', locale: 'en', subject: 'A refund on your order CPT-100042' });
    expect(en.text).toContain('We have refunded £16.29 on your order CPT-100042: Arrived <broken>.');
    expect(en.text).toContain('- Moroccan Metal Lantern (LANT-1) — 1 × — £12.34');
    expect(en.text).toContain('- Shipping —  — £3.95');
    expect(en.text).toMatch(/Refunded on this order in all: +£20\.00/);
    expect(en.html).toContain('Arrived &lt;broken&gt;');
    expect(en.html).not.toContain('<broken>');
    const fr = renderOrderRefunded(order({ locale: 'fr' }), refund, SHOP);
    expect(fr.subject).toBe('Remboursement de votre commande CPT-100042');
    expect(plain(fr.text)).toContain('Nous vous avons remboursé 16,29 £ sur votre commande CPT-100042');
  });

  it('the delivered mail, in both languages', () => {
    expect(renderOrderDelivered(order(), SHOP).subject).toBe('Your order CPT-100042 has been delivered');
    expect(renderOrderDelivered(order({ locale: 'fr' }), SHOP).subject).toBe('Votre commande CPT-100042 est livrée');
  });

  it('the shipping mail links the tracking page when there is one, and only then', () => {
    const linked = renderOrderShipped(order(), { ...shipment, trackingUrl: 'https://www.royalmail.com/track-your-item#/tracking-results/RM123456789GB' }, SHOP);
    expect(linked.html).toContain('<a href="https://www.royalmail.com/track-your-item#/tracking-results/RM123456789GB">');
    expect(renderOrderShipped(order(), { ...shipment, trackingUrl: null }, SHOP).html).not.toContain('<a href');
  });
});
