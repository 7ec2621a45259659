import { describe, expect, it } from 'vitest';
import { plainExcerpt, renderMarkdown, slugify } from './markdown.js';

describe('help-centre Markdown', () => {
  it('renders Markdown to HTML', async () => {
    expect(await renderMarkdown('# Returns\n\nSend it **back** within [30 days](https://example.com/r).')).toBe(
      '<h1>Returns</h1>\n<p>Send it <strong>back</strong> within <a href="https://example.com/r" rel="noopener noreferrer nofollow">30 days</a>.</p>',
    );
  });

  it('removes scripts, handlers, dangerous URLs and frames', async () => {
    const html = await renderMarkdown([
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(2)">',
      '[click](javascript:alert(3))',
      '<a href="data:text/html,<script>alert(4)</script>">x</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<p style="background:url(javascript:alert(5))" onclick="alert(6)">hi</p>',
      '<svg><script>alert(7)</script></svg>',
      '![pic](http://insecure.example/a.png)',
    ].join('\n\n'));
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|data:|<iframe|<svg|style=|alert\(\d\)<\/script/i);
    expect(html).toContain('hi');
    expect(html).not.toContain('http://insecure.example');
  });

  it('gives plain excerpts and slugs', async () => {
    expect(await plainExcerpt('# Title\n\nSome *text* with <b>tags</b> & a [link](https://x.test).')).toBe('Title Some text with tags & a link.');
    expect(await plainExcerpt('word '.repeat(100), 20)).toBe('word word word word…');
    expect(slugify('Délais de livraison ?')).toBe('delais-de-livraison');
    expect(slugify('!!!')).toBe('article');
  });
});
