import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Text made safe for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `value` as JSON safe inside a `<script>` element: `<`, `>`, `&` and the JavaScript line
 * separators U+2028/U+2029 are written as `\uXXXX` escapes, so no `</script>` or `<!--` can
 * appear in it whatever the strings hold; JSON parsers read the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The head and first markup of one server-rendered page of the web app. All text is plain (escaped here). */
export interface WebPage {
  /** `<html lang>`: a BCP 47 tag such as `en` or `fr`. */
  lang: string;
  /** The site's default language, `<html data-site-lang>`: the web app starts in it when the visitor chose none (no `?lang=`, none saved). */
  siteLang?: string;
  /** Full `<title>` text. */
  title: string;
  /** `<meta name="description">`. */
  description: string;
  /** Absolute canonical URL; absent on pages kept out of search engines (search results, cart). */
  canonical?: string;
  /** `<meta name="robots">` content, e.g. `noindex` (search results, cart); absent: no tag. */
  robots?: string;
  /** `<link rel="alternate" hreflang>` entries (absolute URLs), e.g. `en`, `fr`, `x-default`. */
  alternates: { hreflang: string; href: string }[];
  /** `<meta property content>` pairs in order: Open Graph (`og:title`, `og:url`, …) and its extensions (`product:price:amount`). */
  openGraph: [string, string][];
  /** schema.org JSON-LD documents, each written as one `application/ld+json` script. */
  jsonLd: unknown[];
  /**
   * Answers the web app may start from instead of asking the API again, as `[queryKey, data]`
   * pairs (its query cache), written as JSON in `<script type="application/json" id="app-data">`.
   */
  appData?: [unknown[], unknown][];
  /**
   * Markup shown until the web app's script replaces it: trusted HTML, built by the caller with
   * {@link escapeHtml} around every piece of data.
   */
  body: string;
}

/** Largest stylesheet put inline in a rendered page (bytes); a larger one stays a link. */
const INLINE_CSS_MAX_BYTES = 64 * 1024;

/** The template used when the web app is not built: the same `#root` element, no script. */
const BARE_TEMPLATE = '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n    <meta name="viewport" content="width=device-width, initial-scale=1" />\n    <title>Comptoir</title>\n  </head>\n  <body>\n    <div id="root"></div>\n  </body>\n</html>\n';

/**
 * The built web app's `index.html` (`<root>/index.html`) filled per page: its `<title>` and meta
 * description replaced, canonical, hreflang, Open Graph and JSON-LD tags added to its head, the
 * page's markup put inside `<div id="root">` (the app's script replaces it once it runs), its
 * stylesheet inline. The file is re-read when its modification time or size changes (a rebuilt app is picked up whole);
 * without a `root` or an `index.html`, a bare template without script is used.
 */
export class WebShell {
  private cached: { key: string; html: string } | undefined;

  constructor(private readonly root: string | undefined) {}

  /** The template as it is on disk now. */
  private template(): string {
    if (!this.root) return BARE_TEMPLATE;
    const file = join(this.root, 'index.html');
    let key: string;
    try {
      const stat = statSync(file);
      key = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return BARE_TEMPLATE;
    }
    if (this.cached?.key !== key) this.cached = { key, html: this.inlineStyles(readFileSync(file, 'utf8')) };
    return this.cached.html;
  }

  /**
   * `html` with each same-origin stylesheet link of the build (`/assets/*.css`, up to
   * {@link INLINE_CSS_MAX_BYTES}) replaced by a `<style>` holding the file: the first paint then
   * waits for no other request.
   */
  private inlineStyles(html: string): string {
    return html.replace(/<link rel="stylesheet"[^>]*? href="(\/assets\/[\w.-]+\.css)"[^>]*>/g, (link, href: string) => {
      try {
        const css = readFileSync(join(this.root as string, href), 'utf8');
        return css.length <= INLINE_CSS_MAX_BYTES && !/<\/style/i.test(css) ? `<style>${css}</style>` : link;
      } catch {
        return link;
      }
    });
  }

  /** The HTML document of `page`. */
  render(page: WebPage): string {
    const head = [
      `<title>${escapeHtml(page.title)}</title>`,
      `<meta name="description" content="${escapeHtml(page.description)}" />`,
      ...(page.robots ? [`<meta name="robots" content="${escapeHtml(page.robots)}" />`] : []),
      ...(page.canonical ? [`<link rel="canonical" href="${escapeHtml(page.canonical)}" />`] : []),
      ...page.alternates.map((a) => `<link rel="alternate" hreflang="${escapeHtml(a.hreflang)}" href="${escapeHtml(a.href)}" />`),
      ...page.openGraph.map(([property, content]) => `<meta property="${escapeHtml(property)}" content="${escapeHtml(content)}" />`),
      ...page.jsonLd.map((doc) => `<script type="application/ld+json">${jsonForScript(doc)}</script>`),
      ...(page.appData?.length ? [`<script type="application/json" id="app-data">${jsonForScript(page.appData)}</script>`] : []),
    ].join('\n    ');
    // Replacement functions: `$` in the inserted text is never read as a pattern.
    return this.template()
      .replace(/<html([^>]*)\slang="[^"]*"/, (_m, attrs: string) => `<html${attrs} lang="${escapeHtml(page.lang)}"${page.siteLang ? ` data-site-lang="${escapeHtml(page.siteLang)}"` : ''}`)
      .replace(/\s*<title>[\s\S]*?<\/title>/, '')
      .replace(/\s*<meta name="description"[^>]*>/, '')
      .replace('</head>', () => `  ${head}\n  </head>`)
      .replace('<div id="root"></div>', () => `<div id="root">${page.body}</div>`);
  }
}
