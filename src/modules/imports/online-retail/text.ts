/**
 * Text helpers of the Online Retail import: SKU normalisation, readable titles, legacy encodings.
 */
import { isUtf8 } from 'node:buffer';

/** SKU from a StockCode: trimmed, inner whitespace collapsed, upper case (`85123a` → `85123A`). */
export function normaliseSku(stockCode: string): string {
  return stockCode.trim().replace(/\s+/g, ' ').toUpperCase();
}

/** Small words kept in lower case inside a title ("Set of 3 Birds"), never as its first word. */
const MINOR_WORDS = new Set(['A', 'AN', 'AND', 'AS', 'AT', 'BY', 'FOR', 'IN', 'OF', 'ON', 'OR', 'THE', 'TO', 'WITH']);
/** Words kept in upper case. */
const ACRONYMS = new Set(['LED', 'UK', 'USA', 'TV', 'DVD', 'CD', 'DIY', 'XL', 'XXL', 'PVC', 'BBQ', 'UFO', 'ABC', 'RSPB']);

function capitaliseWord(word: string): string {
  // Upper-case each letter that starts the word or follows a separator (-, /, +, ", ( ...), not an apostrophe.
  return word.toLowerCase().replace(/(^|[^a-z0-9'])([a-z])/g, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

/**
 * Readable Title Case of an upper-case catalogue description:
 * `WHITE HANGING HEART T-LIGHT HOLDER` → `White Hanging Heart T-Light Holder`,
 * `SET OF 3 CAKE TINS PANTRY DESIGN ` → `Set of 3 Cake Tins Pantry Design`, `CHILDREN'S` → `Children's`.
 * Whitespace is trimmed and collapsed; small words (of, and, the…) stay lower case except first; words
 * starting with a digit (`3D`, `50CM`) and a few acronyms (`LED`, `UK`…) stay as written. A description
 * that already contains lower-case letters (`Dotcomgiftshop Gift Voucher £40.00`) is kept as written,
 * only its first letter upper-cased.
 */
export function titleCase(description: string): string {
  const clean = description.trim().replace(/\s+/g, ' ');
  if (/[a-z]/.test(clean)) return clean.charAt(0).toUpperCase() + clean.slice(1);
  return clean
    .split(' ')
    .map((word, i) => {
      if (ACRONYMS.has(word)) return word;
      if (i > 0 && MINOR_WORDS.has(word)) return word.toLowerCase();
      if (/^\d/.test(word)) return word.replace(/'S$/, "'s");
      return capitaliseWord(word);
    })
    .join(' ');
}

const HIGH_BYTES = /[\u0080-\u00ff]/;
/** Windows-1252 characters of bytes 0x80–0x9F (the rest of the code page is latin1); undefined bytes stay as is. */
const CP1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1_CONTROLS = /[\u0080-\u009f]/g;

/**
 * The CSV is parsed byte-for-byte as latin1 (each byte one character), so this turns a text field back
 * into real text: pure ASCII is returned as is; bytes that form valid UTF-8 are decoded as UTF-8;
 * anything else is decoded as Windows-1252 (the real 2010-12 file has one such byte: 0xA3, `£`, in
 * `Dotcomgiftshop Gift Voucher £40.00`). Deciding per field keeps one pass and copes with mixed files.
 */
export function decodeField(latin1: string): string {
  if (!HIGH_BYTES.test(latin1)) return latin1;
  const bytes = Buffer.from(latin1, 'latin1');
  // (Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as latin1, hence the table.)
  return isUtf8(bytes) ? bytes.toString('utf8') : latin1.replace(C1_CONTROLS, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80] as string);
}
