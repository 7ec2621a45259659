import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { ProductSnapshot } from '../catalog/index.js';
import type { SearchResult } from './index.js';

/**
 * Search through HTTP on real data: every row of December 2010 (UCI Online Retail, CC BY 4.0) of
 * a selection of stock codes — lanterns, hearts, bags, Christmas items, near-misses for the typo
 * tests (a height chart, a hare, plant holders) and unrelated products — imported through the
 * imports module, so titles, prices and categories are the real import's.
 */
const REAL_FILE = '/work/shared/data/online-retail/online-retail-2010-12.csv';
const LANTERNS = ['71053', '22464', '21324', '22224', '22465', '22784', '84760S', '40016'];
const HEARTS = ['85123A', '84406B', '21733', '22457', '22469', '22470', '22189', '22318', '21485', '22804', '21811', '22822'];
const BAGS = ['22386', '20725', '21931', '22661', '21934'];
const CHRISTMAS = ['22086', '85049A', '22941', '22910', '20668', '22940'];
const NEAR_MISSES = ['21249', '85093', '21340', '22487'];
const OTHERS = ['84029G', '22752', '21730', '22633', '84879', '22745', '22728', '21212', '22960', '22326'];
const CODES = new Set([...LANTERNS, ...HEARTS, ...BAGS, ...CHRISTMAS, ...NEAR_MISSES, ...OTHERS]);

let app: TestApp;
let admin: string;
let dir: string;
let products: ProductSnapshot[];

async function search(query: string): Promise<SearchResult> {
  const res = await app.inject({ method: 'GET', url: `/api/search${query ? `?${query}` : ''}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SearchResult;
}
const titles = (r: SearchResult) => r.data.map((d) => d.title);
const has = (word: RegExp) => (title: string) => word.test(title);
const bySku = (sku: string) => {
  const found = products.find((p) => p.variants.some((v) => v.sku === sku));
  if (!found) throw new Error(`no product with SKU ${sku}`);
  return found;
};
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
/**
 * Waits until the read model shows a change. `relay.drain()` alone is no barrier on PostgreSQL:
 * the relay's background loop may hold the events being delivered, and drain returns at once.
 */
async function settled(check: () => Promise<boolean>): Promise<void> {
  await app.relay.drain();
  await within(5_000, check);
}
async function allSnapshots(): Promise<ProductSnapshot[]> {
  const out: ProductSnapshot[] = [];
  for (let page = await app.catalog.listSnapshots(null, 100); page.length > 0; page = await app.catalog.listSnapshots(page.at(-1)!.id, 100)) out.push(...page);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-search-'));
  const [header, ...lines] = readFileSync(REAL_FILE, 'utf8').split(/\r?\n/);
  const picked = lines.filter((line) => CODES.has(line.split(',')[1] ?? ''));
  writeFileSync(join(dir, 'selection.csv'), [header, ...picked].join('\n') + '\n');
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const report = await app.imports.importOnlineRetail(join(dir, 'selection.csv'), { openingStock: 10 });
  expect(report.created.products).toBe(CODES.size);
  await settled(async () => (await search('limit=1')).total === CODES.size);
  products = await allSnapshots();
});

afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/search relevance', () => {
  it('finds lanterns first while typing "lant" (prefix), and only then anything else', async () => {
    const r = await search('q=lant');
    expect(r.total).toBeGreaterThanOrEqual(LANTERNS.length);
    expect(titles(r).slice(0, LANTERNS.length).every(has(/lantern/i))).toBe(true);
    expect(r.data[0]!.score).toBeGreaterThanOrEqual(3);
  });

  it('tolerates typos: "lanturn" finds the lanterns, ranked first', async () => {
    const r = await search('q=lanturn');
    expect(r.total).toBeGreaterThanOrEqual(LANTERNS.length);
    expect(titles(r).slice(0, LANTERNS.length).every(has(/lantern/i))).toBe(true);
  });

  it('tolerates typos: "hart" ranks heart products first, above the hare and the height chart', async () => {
    const r = await search('q=hart&limit=5');
    expect(titles(r).length).toBe(5);
    expect(titles(r).every(has(/heart/i))).toBe(true);
    const all = titles(await search('q=hart&limit=100'));
    const lastHeart = Math.max(...all.map((t, i) => (/heart/i.test(t) ? i : -1)));
    const firstOther = all.findIndex((t) => !/heart/i.test(t));
    expect(firstOther === -1 || firstOther > lastHeart).toBe(true);
  });

  it('"heart": every result holds HEART, exact matches score above corrections', async () => {
    const r = await search('q=heart&limit=100');
    expect(r.total).toBe(r.data.length);
    expect(r.total).toBeGreaterThanOrEqual(HEARTS.length);
    expect(titles(r).every(has(/heart/i))).toBe(true);
    expect(r.data.every((d) => (d.score ?? 0) >= 3)).toBe(true);
  });

  it('stems English words: "bags" finds every bag, "christmas decorations" the decoration', async () => {
    const bags = await search('q=bags');
    expect(bags.total).toBe(BAGS.length);
    expect(titles(bags).every(has(/\bbag\b/i))).toBe(true);
    const deco = await search('q=christmas+decorations');
    expect(titles(deco)).toEqual(['Disco Ball Christmas Decoration']);
  });

  it('strips tsquery syntax from the input instead of failing', async () => {
    for (const q of ["lantern'):*|!&(", '!!!', 'heart & | ! <-> :* \\', "o'reilly's"]) {
      const res = await app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    }
    expect(titles(await search(`q=${encodeURIComponent("lantern'):*|!&(")}`)).every(has(/lantern/i))).toBe(true);
  });

  it('ranks a title match above a description-only match (title weight A over description B)', async () => {
    const holder = bySku('21730'); // Glass Star Frosted T-Light Holder
    const dragon = bySku('40016'); // Chinese Dragon Paper Lanterns
    const patch = (id: string, description: string) =>
      app.inject({ method: 'PATCH', url: `/api/admin/products/${id}`, headers: { authorization: `Bearer ${admin}` }, payload: { description } });
    // "lantern" five times in the holder's description, once in the dragon's title and nowhere else:
    // by term frequency alone the holder would win.
    expect((await patch(holder.id, 'Lantern, lanterns, lantern light: a lantern glow for every lantern.')).statusCode).toBe(200);
    expect((await patch(dragon.id, 'Red and gold paper, folds flat.')).statusCode).toBe(200);
    await settled(async () => (await search('q=lanterns&limit=100')).data.some((d) => d.id === holder.id));
    const r = await search('q=lanterns&limit=100');
    const position = r.data.findIndex((d) => d.id === holder.id);
    expect(position).toBe(LANTERNS.length); // right after every lantern
    expect(titles(r).slice(0, LANTERNS.length).every(has(/lantern/i))).toBe(true);
    expect(r.data.findIndex((d) => d.id === dragon.id)).toBeLessThan(position);
    expect(r.data[position]!.score).toBeLessThan(Math.min(...r.data.slice(0, position).map((d) => d.score!)));
    expect(r.data[position]!.score).toBeLessThan(3); // tier 2: not in the title
  });
});

describe('GET /api/search filters, facets, listing', () => {
  it('filters by a parent category (id or slug) including its descendants', async () => {
    const lantern = bySku('71053');
    const parentId = lantern.category.pathIds[0]!;
    expect(lantern.category.pathIds.length).toBeGreaterThan(1);
    const inParent = products.filter((p) => p.category.pathIds.includes(parentId));
    expect(new Set(inParent.map((p) => p.category.id)).size).toBeGreaterThan(1); // several leaves below it

    const r = await search(`category=${parentId}&limit=100`);
    expect(r.total).toBe(inParent.length);
    expect(new Set(r.data.map((d) => d.id))).toEqual(new Set(inParent.map((p) => p.id)));
    const reading = new Intl.Collator('und');
    expect(titles(r)).toEqual([...titles(r)].sort((a, b) => reading.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0))); // listed by title, as read

    const roots = ((await app.inject({ method: 'GET', url: '/api/categories' })).json() as { data: { id: string; slug: string }[] }).data;
    const slug = roots.find((c) => c.id === parentId)?.slug;
    expect(slug).toBeTruthy();
    expect((await search(`category=${slug}&limit=100`)).total).toBe(inParent.length);

    const leaf = await search(`q=hanging&category=${lantern.category.slug}`);
    expect(leaf.total).toBeGreaterThan(0);
    expect(leaf.data.every((d) => d.category.id === lantern.category.id && /hanging/i.test(d.title))).toBe(true);
  });

  it('answers 404 SEARCH.UNKNOWN_CATEGORY for an unknown category', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/search?category=no-such-category' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('SEARCH.UNKNOWN_CATEGORY');
  });

  it('facets describe the whole matching set and add up to the total', async () => {
    for (const query of ['', 'q=heart', 'q=hanging&limit=3', 'q=lant&page=2&limit=2']) {
      const r = await search(query);
      expect(r.facets.categories.reduce((s, c) => s + c.count, 0)).toBe(r.total);
      expect(r.facets.priceRanges.reduce((s, b) => s + b.count, 0)).toBe(r.total);
    }
    const r = await search('q=heart&limit=1');
    const hearts = products.filter((p) => p.status === 'active' && /heart/i.test(p.title));
    expect(r.total).toBe(hearts.length);
    expect(r.facets.priceRanges.map((b) => [b.min, b.max])).toEqual([[0, 100], [100, 250], [250, 500], [500, 1000], [1000, 2500], [2500, null]]);
    for (const b of r.facets.priceRanges) {
      expect(b.count).toBe(hearts.filter((p) => p.price.amount >= b.min && (b.max === null || p.price.amount < b.max)).length);
    }
    for (const c of r.facets.categories) expect(c.count).toBe(hearts.filter((p) => p.category.id === c.id).length);
  });

  it('filters by price on the server: total, rows, pages and category counts agree with the chosen range', async () => {
    const all = await search('q=heart&limit=100');
    const bucket = all.facets.priceRanges.find((b) => b.count > 1 && b.max !== null)!;
    const url = `q=heart&minPrice=${bucket.min}&maxPrice=${bucket.max! - 1}`;
    const r = await search(`${url}&limit=1`);
    expect(r.total).toBe(bucket.count);
    expect(r.pagination.total).toBe(bucket.count);
    expect(r.data).toHaveLength(1);
    expect(r.facets.categories.reduce((s, c) => s + c.count, 0)).toBe(bucket.count);
    expect(r.facets.priceRanges).toEqual(all.facets.priceRanges);
    const everyRow = await search(`${url}&limit=100`);
    expect(everyRow.data.map((d) => d.id)).toEqual(all.data.filter((d) => d.price.amount >= bucket.min && d.price.amount < bucket.max!).map((d) => d.id));
    const second = await search(`${url}&limit=1&page=2`);
    expect(second.data[0]!.id).toBe(everyRow.data[1]!.id);
    expect((await search(`q=heart&minPrice=${bucket.max}&maxPrice=${bucket.min}`)).total).toBe(0);
    for (const bad of ['minPrice=-1', 'maxPrice=1.5', 'minPrice=abc', 'maxPrice=2147483648']) {
      expect((await app.inject({ method: 'GET', url: `/api/search?q=heart&${bad}` })).statusCode, bad).toBe(400);
    }
  });

  it('lists every active product newest first without a query, and pages', async () => {
    const first = await search('limit=10');
    const active = products.filter((p) => p.status === 'active');
    expect(first.total).toBe(active.length);
    expect(first.data.every((d) => d.score === null)).toBe(true);
    const newest = [...active].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
    expect(first.data.map((d) => d.id)).toEqual(newest.slice(0, 10).map((p) => p.id));
    const second = await search('limit=10&page=2');
    expect(second.pagination).toEqual({ total: active.length, limit: 10, page: 2 });
    expect(second.data.map((d) => d.id)).toEqual(newest.slice(10, 20).map((p) => p.id));
    const hit = first.data[0]!;
    expect(hit).toMatchObject({ price: { amount: expect.any(Number), currency: 'GBP' }, inStock: true, images: [] });
    expect(hit.category).toMatchObject({ id: expect.stringMatching(/^cat_/), name: expect.any(String) });
  });

  it('rejects bad input with 400 problem+json', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'page=0', `q=${'a'.repeat(201)}`]) {
      const res = await app.inject({ method: 'GET', url: `/api/search?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('VALIDATION.FAILED');
    }
    expect((await app.inject({ method: 'GET', url: `/api/search?q=${'a'.repeat(200)}` })).statusCode).toBe(200);
  });
});

describe('search read model follows catalog events', () => {
  it('makes a product update searchable within a second, without draining', async () => {
    const bag = bySku('21934'); // Skull Shoulder Bag
    expect((await search('q=zebra')).total).toBe(0); // also caches the empty answer
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/admin/products/${bag.id}`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { title: 'Zebra Stripe Shoulder Bag' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const ms = await within(1_000, async () => titles(await search('q=zebra')).includes('Zebra Stripe Shoulder Bag'));
    expect(ms).toBeLessThanOrEqual(1_000);
    // The old title is gone; the (unchanged) description still holds "skull": a description match now.
    const skull = (await search('q=skull')).data.find((d) => d.id === bag.id);
    expect(skull?.title).toBe('Zebra Stripe Shoulder Bag');
    expect(skull!.score).toBeGreaterThanOrEqual(2);
    expect(skull!.score).toBeLessThan(3);
    expect(titles(await search('q=zebr'))).toEqual(['Zebra Stripe Shoulder Bag']);
  });

  it('does not find archived or draft products', async () => {
    const lantern = bySku('22224'); // White Lovebird Lantern
    const star = bySku('22465'); // Hanging Metal Star Lantern
    const before = await search('q=lantern&limit=100');
    expect(before.data.map((d) => d.id)).toEqual(expect.arrayContaining([lantern.id, star.id]));
    const archived = await app.inject({ method: 'POST', url: `/api/admin/products/${lantern.id}/archive`, headers: { authorization: `Bearer ${admin}` } });
    expect(archived.statusCode, archived.body).toBe(200);
    const draft = await app.inject({ method: 'PATCH', url: `/api/admin/products/${star.id}`, headers: { authorization: `Bearer ${admin}` }, payload: { status: 'draft' } });
    expect(draft.statusCode, draft.body).toBe(200);
    await settled(async () => (await search('q=lantern&limit=100')).total === before.total - 2);
    const after = await search('q=lantern&limit=100');
    expect(after.total).toBe(before.total - 2);
    expect(after.data.map((d) => d.id)).not.toContain(lantern.id);
    expect(after.data.map((d) => d.id)).not.toContain(star.id);
    expect((await search('q=lovebird')).total).toBe(0);
    expect((await search('limit=100')).data.map((d) => d.id)).not.toContain(lantern.id);

    await app.inject({ method: 'PATCH', url: `/api/admin/products/${star.id}`, headers: { authorization: `Bearer ${admin}` }, payload: { status: 'active' } });
    await settled(async () => (await search('q=lantern&limit=100')).data.some((d) => d.id === star.id));
  });

  it('follows stock: out of stock when every variant is at 0, back in stock on a receipt', async () => {
    const gazebo = bySku('22784'); // Lantern Cream Gazebo
    const sku = gazebo.variants[0]!.sku;
    const move = (quantity: number, type: string) =>
      app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: { authorization: `Bearer ${admin}` }, payload: { sku, quantity, type, reason: 'search test' } });
    const hit = async () => (await search('q=gazebo')).data.find((d) => d.id === gazebo.id)!;
    expect((await hit()).inStock).toBe(true);
    const out = await move(-10, 'adjustment');
    expect(out.statusCode, out.body).toBeLessThan(300);
    await settled(async () => (await hit()).inStock === false);
    expect((await move(3, 'receipt')).statusCode).toBeLessThan(300);
    await settled(async () => (await hit()).inStock === true);
  });

  it('applies a burst of stock changes delivered together with the last figure of each variant', async () => {
    const gazebo = bySku('22784'); // Lantern Cream Gazebo
    const sku = gazebo.variants[0]!.sku;
    const move = async (quantity: number, type: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: { authorization: `Bearer ${admin}` }, payload: { sku, quantity, type, reason: 'search burst test' } });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json() as { onHand: number };
    };
    const hit = async () => (await search('q=gazebo')).data.find((d) => d.id === gazebo.id)!;
    await app.relay.drain();
    // Relay stopped: the movements pile up and are then delivered in one batch.
    await app.relay.stop();
    try {
      const { onHand } = await move(5, 'receipt');
      await move(-onHand, 'adjustment'); // out of stock…
      await move(4, 'receipt'); // …back in…
      await move(-4, 'adjustment'); // …and out again: the last figure is 0
      await app.relay.drain();
      expect((await hit()).inStock).toBe(false);
      await move(1, 'receipt');
      await move(-1, 'adjustment');
      await move(2, 'receipt'); // last figure 2: in stock
      await app.relay.drain();
      expect((await hit()).inStock).toBe(true);
    } finally {
      await app.relay.start();
    }
  });

  it('applies product updates delivered together in order, between stock changes, the last title winning', async () => {
    const bag = bySku('20725'); // Lunch Bag Red Retrospot
    const sku = bag.variants[0]!.sku;
    const patch = async (title: string) => {
      const res = await app.inject({ method: 'PATCH', url: `/api/admin/products/${bag.id}`, headers: { authorization: `Bearer ${admin}` }, payload: { title } });
      expect(res.statusCode, res.body).toBe(200);
    };
    const move = async (quantity: number, type: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: { authorization: `Bearer ${admin}` }, payload: { sku, quantity, type, reason: 'search batch test' } });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json() as { onHand: number };
    };
    await app.relay.drain();
    await app.relay.stop();
    try {
      await patch('Okapi Lunch Bag');
      await patch('Quagga Lunch Bag');
      const { onHand } = await move(1, 'receipt');
      await move(-onHand, 'adjustment'); // out of stock after the two updates…
      await patch('Tapir Lunch Bag'); // …then a third update: its snapshot says 0 available too
      await app.relay.drain();
      expect((await search('q=okapi')).total).toBe(0);
      expect((await search('q=quagga')).total).toBe(0);
      const hit = (await search('q=tapir')).data.find((d) => d.id === bag.id);
      expect(hit?.title).toBe('Tapir Lunch Bag');
      expect(hit?.inStock).toBe(false);
      // The vocabulary counted each title once: the replaced words are gone from suggestions.
      const [words] = await rows<{ okapi: number; tapir: number }>(app.database.db, sql`
        select coalesce((select documents from search.words where word = 'okapi'), 0) as okapi,
               coalesce((select documents from search.words where word = 'tapir'), 0) as tapir`);
      expect(words).toEqual({ okapi: 0, tapir: 1 });
    } finally {
      await app.relay.start();
      await move(5, 'receipt');
    }
  });

  it('follows category renames in results and facets', async () => {
    const bag = bySku('22386'); // Jumbo Bag Pink Polkadot
    const res = await app.inject({ method: 'PATCH', url: `/api/admin/categories/${bag.category.id}`, headers: { authorization: `Bearer ${admin}` }, payload: { name: 'Tote & Jumbo Bags' } });
    expect(res.statusCode, res.body).toBe(200);
    await settled(async () => (await search('q=jumbo')).data.every((d) => d.category.name === 'Tote & Jumbo Bags'));
    const r = await search('q=jumbo');
    expect(r.data.every((d) => d.category.name === 'Tote & Jumbo Bags')).toBe(true);
    expect(r.facets.categories).toEqual([expect.objectContaining({ id: bag.category.id, name: 'Tote & Jumbo Bags', count: r.total })]);
  });

  it('backfills an empty read model from the catalog at start, in the background', async () => {
    const module = app.modules.find((m) => m.name === 'search')!;
    await module.stop?.();
    await app.database.db.execute(sql`truncate search.documents, search.stock, search.categories, search.words`);
    expect((await search('q=heart')).total).toBe(0);
    await module.start?.(); // returns before the backfill is done
    await within(10_000, async () => (await search('q=heart')).total > 0 && (await search('limit=1')).total === (await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from catalog.product where status = 'active'`))[0]!.n);
    expect(titles(await search('q=lanturn')).slice(0, 3).every(has(/lantern/i))).toBe(true);
  });
});

describe('search SQL', () => {
  it('can use the GIN indexes: weighted vector for text, trigrams for the vocabulary', async () => {
    const plan = async (tx: Parameters<Parameters<typeof app.database.transaction>[0]>[0], query: ReturnType<typeof sql>) =>
      (await rows<Record<string, string>>(tx, sql`explain ${query}`)).map((r) => Object.values(r)[0]).join('\n');
    const rollback = new Error('rollback');
    await expect(
      app.database.transaction(async (tx) => {
        // A catalogue-sized vocabulary (rolled back): on a few dozen rows a scan is cheaper than any index.
        await tx.execute(sql`insert into search.words (word, documents) select 'w' || md5(i::text), 1 from generate_series(1, 5000) as i`);
        await tx.execute(sql`analyze search.words`);
        expect(await plan(tx, sql`select word from search.words w where w.word % 'hart'`)).toContain('words_trgm_idx');
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_indexscan = off`);
        expect(await plan(tx, sql`select product_id from search.documents d where d.status = 'active' and d.search_vector @@ to_tsquery('english', 'heart:*')`)).toContain(
          'documents_search_vector_idx',
        );
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });
});

describe('relevance on the whole December 2010 catalogue (2,700 real products)', () => {
  let full: TestApp;
  let catalogue: ProductSnapshot[];
  const query = async (q: string, limit = 20) => {
    const res = await full.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}&limit=${limit}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as SearchResult;
  };

  beforeAll(async () => {
    full = await createTestApp();
    await full.imports.importOnlineRetail(REAL_FILE);
    catalogue = [];
    for (let page = await full.catalog.listSnapshots(null, 500); page.length > 0; page = await full.catalog.listSnapshots(page.at(-1)!.id, 500)) catalogue.push(...page);
    const active = catalogue.filter((p) => p.status === 'active').length;
    await full.relay.drain();
    const started = Date.now();
    while ((await query('')).total !== active) {
      if (Date.now() - started > 120_000) throw new Error('search did not catch up with the import');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 240_000);

  afterAll(async () => {
    await full?.close();
  });

  it('ranks every lantern first for "lant" and "lanturn", hearts first for "hart", only hearts for "heart"', async () => {
    const lanterns = catalogue.filter((p) => /lantern/i.test(p.title)).length;
    expect(lanterns).toBeGreaterThanOrEqual(8);
    for (const q of ['lant', 'lanturn', 'lanterns']) {
      const r = await query(q, 100);
      expect(titles(r).slice(0, lanterns).every(has(/lantern/i)), q).toBe(true);
    }
    expect(titles(await query('hart')).every(has(/heart/i))).toBe(true); // not "Height Chart", "Egg Warmer Hare", "Hair Slides" first
    const hearts = await query('heart', 100);
    expect(hearts.total).toBeGreaterThan(100);
    expect(titles(hearts).every(has(/heart/i))).toBe(true);
  });

  it('corrects common misspellings and keeps as-you-type prefixes', async () => {
    expect(titles(await query('alarm clok')).slice(0, 5).every(has(/alarm clock/i))).toBe(true);
    expect(titles(await query('chrismas decoration')).slice(0, 5).every(has(/christmas/i))).toBe(true);
    const candel = titles(await query('candel'));
    expect(candel[0]).toMatch(/candelabra/i); // the prefix match first…
    expect(candel.slice(1, 6).every(has(/candle/i))).toBe(true); // …then the word the typist surely meant
    expect(titles(await query('red retrosp')).slice(0, 10).every(has(/red retrospot|retrospot.*red/i))).toBe(true);
  });
});
