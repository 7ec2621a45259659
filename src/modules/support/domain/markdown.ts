/**
 * Help-centre Markdown: rendered to HTML by `marked` (GFM), then sanitized by `sanitize-html`
 * with an allow-list, so what an editor writes can never run script in a reader's browser.
 * Both libraries (and sanitize-html's HTML parser and CSS parser) load on first use, not at
 * start-up.
 */
import type sanitizeHtmlType from 'sanitize-html';

/** The Markdown renderer and the sanitizer, loaded once on first use. */
let libraries: Promise<{ parse: (markdown: string) => string; sanitize: typeof sanitizeHtmlType }> | undefined;
function load() {
  libraries ??= Promise.all([import('marked'), import('sanitize-html')]).then(([{ Marked }, sanitizer]) => {
    const marked = new Marked({ gfm: true, breaks: false, async: false });
    return { parse: (markdown: string) => marked.parse(markdown) as string, sanitize: sanitizer.default };
  });
  return libraries;
}

/** Tags an article may use: text structure, lists, quotes, code, tables, links and images. */
const ALLOWED_TAGS = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'strong', 'del', 's',
  'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'kbd',
];

const SANITIZE: sanitizeHtmlType.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title'], th: ['align'], td: ['align'], ol: ['start'], code: ['class'] },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  // Links: web, mail and phone only, and same-site paths; images over https (or same-site paths).
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^https?:/i.test(attribs.href ?? '');
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer nofollow' } : attribs };
    },
  },
};
SANITIZE.allowedAttributes = { ...(SANITIZE.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'rel'] };

/**
 * Renders help-centre Markdown to sanitized HTML: scripts, styles, iframes, event handlers,
 * `javascript:`/`data:` URLs and unknown tags are removed (their text kept where harmless).
 */
export async function renderMarkdown(markdown: string): Promise<string> {
  const { parse, sanitize } = await load();
  return sanitize(parse(markdown), SANITIZE).trim();
}

/** Plain text of Markdown for excerpts: markup, links' targets and HTML tags removed, whitespace collapsed; at most `max` characters (an ellipsis when cut). */
export async function plainExcerpt(markdown: string, max = 180): Promise<string> {
  const { parse, sanitize } = await load();
  const text = sanitize(parse(markdown), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${(/\s/.test(text[max - 1]!) ? cut : cut.replace(/\s+\S*$/, '')).trimEnd()}…`;
}

/**
 * A URL slug of `text`: lower-case ASCII letters and digits separated by single hyphens
 * (accents dropped: "Délais de livraison" → "delais-de-livraison"), at most 80 characters;
 * `article` when nothing is left.
 */
export function slugify(text: string): string {
  const slug = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '');
  return slug || 'article';
}
