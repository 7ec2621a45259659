import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { pgErrorCode, rows } from '../../platform/db/index.js';
import { Cache } from '../../platform/cache.js';
import { conflict, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { buildTsQueries, chooseCorrections, isFuzzable, queryTerms, vocabularyWords, type Candidate, type Correction } from '../search/index.js';
import { helpArticle, helpCategory, helpSearchMiss, helpVote, helpWord } from './db/schema.js';
import { plainExcerpt, renderMarkdown, slugify } from './domain/markdown.js';

/** A help-centre language. */
export type HelpLocale = 'en' | 'fr';
type ArticleRow = typeof helpArticle.$inferSelect;
type CategoryRow = typeof helpCategory.$inferSelect;

/** The PostgreSQL text-search configuration of each language (a fixed map: never user input). */
const TS_CONFIG: Record<HelpLocale, SQL> = { en: sql.raw(`'english'::regconfig`), fr: sql.raw(`'french'::regconfig`) };
/** The generated full-text column and the title column of each language. */
const SEARCH_COLUMN: Record<HelpLocale, SQL> = { en: sql.raw('a.search_en'), fr: sql.raw('a.search_fr') };
const TITLE_COLUMN: Record<HelpLocale, SQL> = { en: sql.raw('a.title_en'), fr: sql.raw('a.title_fr') };
const BODY_COLUMN: Record<HelpLocale, SQL> = { en: sql.raw('a.body_en'), fr: sql.raw('a.body_fr') };
const CATEGORY_NAME: Record<HelpLocale, SQL> = { en: sql.raw('c.name_en'), fr: sql.raw('c.name_fr') };

/** Errors of the help centre. */
export const HelpErrors = {
  /** [404] No such category. */
  categoryNotFound: (id: string) => notFound('SUPPORT.HELP_CATEGORY_NOT_FOUND', `No help category ${id.slice(0, 64)}`),
  /** [404] No such article (or, publicly, not published). */
  articleNotFound: (id: string) => notFound('SUPPORT.HELP_ARTICLE_NOT_FOUND', `No help article ${id.slice(0, 64)}`),
  /** [409] The slug is another category's or article's. */
  slugTaken: (slug: string) => conflict('SUPPORT.HELP_SLUG_TAKEN', `The slug ${slug} is taken`, { slug }),
  /** [409] A category that still holds articles cannot be deleted. */
  categoryNotEmpty: (id: string) => conflict('SUPPORT.HELP_CATEGORY_NOT_EMPTY', `The help category ${id.slice(0, 64)} still holds articles`),
};

/** A category as the back office edits it. */
export interface HelpCategoryDto {
  id: string;
  slug: string;
  position: number;
  nameEn: string;
  nameFr: string;
  descriptionEn: string;
  descriptionFr: string;
  articleCount: number;
}

/** An article as the back office edits it: both languages, Markdown and rendered HTML, outdated flags, votes. Times ISO 8601 UTC. */
export interface HelpArticleDto {
  id: string;
  categoryId: string;
  slug: string;
  status: 'draft' | 'published';
  position: number;
  titleEn: string;
  titleFr: string;
  bodyEn: string;
  bodyFr: string;
  htmlEn: string;
  htmlFr: string;
  outdatedEn: boolean;
  outdatedFr: boolean;
  helpfulYes: number;
  helpfulNo: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An article in a public list (one language). */
export interface PublicArticleSummary {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  categorySlug: string;
  categoryName: string;
}

/** A category with its published articles, in one language. */
export interface PublicCategory {
  id: string;
  slug: string;
  name: string;
  description: string;
  articles: { id: string; slug: string; title: string }[];
}

/** A published article in one language, with related articles. */
export interface PublicArticle {
  id: string;
  slug: string;
  locale: HelpLocale;
  title: string;
  html: string;
  outdated: boolean;
  category: { id: string; slug: string; name: string };
  helpfulYes: number;
  helpfulNo: number;
  related: { id: string; slug: string; title: string }[];
  updatedAt: string;
}

/** Fields of a new category. */
export interface CategoryInput {
  slug?: string;
  position?: number;
  nameEn: string;
  nameFr: string;
  descriptionEn?: string;
  descriptionFr?: string;
}

/** Fields of a new article. */
export interface ArticleInput {
  categoryId: string;
  slug?: string;
  status?: 'draft' | 'published';
  position?: number;
  titleEn: string;
  titleFr: string;
  bodyEn: string;
  bodyFr: string;
}

/** Changes of an article; `outdatedEn`/`outdatedFr: false` marks a language reviewed. */
export type ArticleChanges = Partial<ArticleInput> & { outdatedEn?: boolean; outdatedFr?: boolean };

/** A search answer: one page of hits and the total. */
export interface HelpSearchResult {
  data: PublicArticleSummary[];
  pagination: { total: number; limit: number; page: number };
}

const iso = (d: Date): string => d.toISOString();

function articleDto(r: ArticleRow): HelpArticleDto {
  return {
    id: r.id, categoryId: r.categoryId, slug: r.slug, status: r.status, position: r.position, titleEn: r.titleEn, titleFr: r.titleFr, bodyEn: r.bodyEn, bodyFr: r.bodyFr,
    htmlEn: r.htmlEn, htmlFr: r.htmlFr, outdatedEn: r.outdatedEn, outdatedFr: r.outdatedFr, helpfulYes: r.helpfulYes, helpfulNo: r.helpfulNo,
    publishedAt: r.publishedAt ? iso(r.publishedAt) : null, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
  };
}

/** Maps a unique violation on a slug index to 409 SUPPORT.HELP_SLUG_TAKEN. */
async function slugSafe<T>(slug: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (pgErrorCode(err)?.code === '23505') throw HelpErrors.slugTaken(slug);
    throw err;
  }
}

/**
 * The help centre (FAQ): categories → articles in English and French, Markdown rendered to
 * sanitized HTML on write, per-language "outdated" flags, draft/published and an order within a
 * category. Public search is PostgreSQL full-text with the language's configuration, typo-tolerant
 * like product search (the published articles' vocabulary, trigram-indexed, gives spelling
 * corrections); searches that find nothing are counted for the back office. Public answers are
 * cached in process for `cacheTtlMs` (cleared on every write of this process; another replica's
 * write is seen within the TTL).
 */
export class HelpCentre {
  private readonly cache: Cache<string, NonNullable<unknown>>;

  constructor(private readonly database: Database, private readonly options: { cacheTtlMs?: number; now?: () => Date } = {}) {
    this.cache = new Cache({ maxEntries: 5_000, ttlMs: options.cacheTtlMs ?? 30_000 });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private get db() {
    return this.database.db;
  }

  // ── categories (back office) ─────────────────────────────────────────

  /** Every category, by position then English name, with how many articles (any status) each holds. */
  async listCategories(): Promise<HelpCategoryDto[]> {
    const list = await this.db.select().from(helpCategory).orderBy(asc(helpCategory.position), asc(helpCategory.nameEn), asc(helpCategory.id));
    const counts = await this.db.select({ id: helpArticle.categoryId, n: count() }).from(helpArticle).groupBy(helpArticle.categoryId);
    return list.map((c) => this.categoryDto(c, counts.find((k) => k.id === c.id)?.n ?? 0));
  }

  private categoryDto(c: CategoryRow, articleCount: number): HelpCategoryDto {
    return { id: c.id, slug: c.slug, position: c.position, nameEn: c.nameEn, nameFr: c.nameFr, descriptionEn: c.descriptionEn, descriptionFr: c.descriptionFr, articleCount };
  }

  /** Creates a category (slug from the English name unless given). @throws 409 SUPPORT.HELP_SLUG_TAKEN. */
  async createCategory(input: CategoryInput): Promise<HelpCategoryDto> {
    const slug = input.slug ?? slugify(input.nameEn);
    const [row] = await slugSafe(slug, () => this.db.insert(helpCategory).values({
      id: newId('hlc'), slug, position: input.position ?? 0, nameEn: input.nameEn.trim(), nameFr: input.nameFr.trim(),
      descriptionEn: input.descriptionEn?.trim() ?? '', descriptionFr: input.descriptionFr?.trim() ?? '', createdAt: this.now(), updatedAt: this.now(),
    }).returning());
    this.cache.clear();
    return this.categoryDto(row!, 0);
  }

  /** Changes a category. @throws 404 SUPPORT.HELP_CATEGORY_NOT_FOUND, 409 SUPPORT.HELP_SLUG_TAKEN. */
  async updateCategory(id: string, changes: Partial<CategoryInput>): Promise<HelpCategoryDto> {
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]));
    const [row] = await slugSafe(changes.slug ?? '', () => this.db.update(helpCategory).set({ ...set, updatedAt: this.now() }).where(eq(helpCategory.id, id)).returning());
    if (!row) throw HelpErrors.categoryNotFound(id);
    this.cache.clear();
    const [n] = await this.db.select({ n: count() }).from(helpArticle).where(eq(helpArticle.categoryId, id));
    return this.categoryDto(row, n?.n ?? 0);
  }

  /** Deletes an empty category. @throws 404 SUPPORT.HELP_CATEGORY_NOT_FOUND, 409 SUPPORT.HELP_CATEGORY_NOT_EMPTY. */
  async deleteCategory(id: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      const [row] = await tx.select().from(helpCategory).where(eq(helpCategory.id, id)).for('update');
      if (!row) throw HelpErrors.categoryNotFound(id);
      const [n] = await tx.select({ n: count() }).from(helpArticle).where(eq(helpArticle.categoryId, id));
      if ((n?.n ?? 0) > 0) throw HelpErrors.categoryNotEmpty(id);
      await tx.delete(helpCategory).where(eq(helpCategory.id, id));
    });
    this.cache.clear();
  }

  // ── articles (back office) ───────────────────────────────────────────

  /** Articles by category position, then position within it; filters by category, status, and `outdated` (either language). */
  async listArticles(filter: { categoryId?: string; status?: 'draft' | 'published'; outdated?: boolean; page: number; limit: number }) {
    const where: SQL[] = [];
    if (filter.categoryId) where.push(eq(helpArticle.categoryId, filter.categoryId));
    if (filter.status) where.push(eq(helpArticle.status, filter.status));
    if (filter.outdated !== undefined) where.push(filter.outdated ? sql`(${helpArticle.outdatedEn} or ${helpArticle.outdatedFr})` : sql`not (${helpArticle.outdatedEn} or ${helpArticle.outdatedFr})`);
    const condition = and(...where);
    const [list, [total]] = await Promise.all([
      this.db.select({ a: helpArticle }).from(helpArticle).innerJoin(helpCategory, eq(helpCategory.id, helpArticle.categoryId)).where(condition)
        .orderBy(asc(helpCategory.position), asc(helpCategory.nameEn), asc(helpArticle.position), asc(helpArticle.titleEn), asc(helpArticle.id))
        .limit(filter.limit).offset((filter.page - 1) * filter.limit),
      this.db.select({ n: count() }).from(helpArticle).where(condition),
    ]);
    return { data: list.map((r) => articleDto(r.a)), pagination: { total: total?.n ?? 0, limit: filter.limit, page: filter.page } };
  }

  /** One article. @throws 404 SUPPORT.HELP_ARTICLE_NOT_FOUND. */
  async getArticle(id: string): Promise<HelpArticleDto> {
    const [row] = await this.db.select().from(helpArticle).where(eq(helpArticle.id, id));
    if (!row) throw HelpErrors.articleNotFound(id);
    return articleDto(row);
  }

  private async checkCategory(exec: Executor, categoryId: string): Promise<void> {
    const [c] = await exec.select({ id: helpCategory.id }).from(helpCategory).where(eq(helpCategory.id, categoryId));
    if (!c) throw HelpErrors.categoryNotFound(categoryId);
  }

  /**
   * Creates an article (slug from the English title unless given; a taken derived slug gets a
   * number). @throws 404 SUPPORT.HELP_CATEGORY_NOT_FOUND, 409 SUPPORT.HELP_SLUG_TAKEN.
   */
  async createArticle(input: ArticleInput): Promise<HelpArticleDto> {
    const now = this.now();
    const row = await this.database.transaction(async (tx) => {
      await this.checkCategory(tx, input.categoryId);
      let slug = input.slug ?? slugify(input.titleEn);
      if (!input.slug) {
        const taken = new Set((await tx.select({ s: helpArticle.slug }).from(helpArticle).where(sql`${helpArticle.slug} like ${`${slug}%`}`)).map((r) => r.s));
        for (let n = 2; taken.has(slug); n++) slug = `${slugify(input.titleEn).slice(0, 74)}-${n}`;
      }
      const status = input.status ?? 'draft';
      const [htmlEn, htmlFr] = await Promise.all([renderMarkdown(input.bodyEn), renderMarkdown(input.bodyFr)]);
      const [created] = await slugSafe(slug, () => tx.insert(helpArticle).values({
        id: newId('hla'), categoryId: input.categoryId, slug, status, position: input.position ?? 0,
        titleEn: input.titleEn.trim(), titleFr: input.titleFr.trim(), bodyEn: input.bodyEn, bodyFr: input.bodyFr,
        htmlEn, htmlFr,
        publishedAt: status === 'published' ? now : null, createdAt: now, updatedAt: now,
      }).returning());
      if (status === 'published') await this.rebuildVocabulary(tx);
      return created!;
    });
    this.cache.clear();
    return articleDto(row);
  }

  /**
   * Changes an article. A change of one language's title or text clears its own flag and marks
   * the other language outdated (unless that changes too, or the edited language was the outdated
   * one catching up); `outdatedEn`/`outdatedFr` set a
   * flag explicitly (false: reviewed). Markdown is rendered again; the search vocabulary is
   * rebuilt when a published article's text or status changes.
   * @throws 404 SUPPORT.HELP_ARTICLE_NOT_FOUND / SUPPORT.HELP_CATEGORY_NOT_FOUND, 409 SUPPORT.HELP_SLUG_TAKEN.
   */
  async updateArticle(id: string, changes: ArticleChanges): Promise<HelpArticleDto> {
    const row = await this.database.transaction(async (tx) => {
      const [current] = await tx.select().from(helpArticle).where(eq(helpArticle.id, id)).for('update');
      if (!current) throw HelpErrors.articleNotFound(id);
      if (changes.categoryId && changes.categoryId !== current.categoryId) await this.checkCategory(tx, changes.categoryId);
      const set: Partial<typeof helpArticle.$inferInsert> = { updatedAt: this.now() };
      for (const key of ['categoryId', 'slug', 'position', 'status'] as const) if (changes[key] !== undefined) (set as Record<string, unknown>)[key] = changes[key];
      const enChanged = (changes.titleEn !== undefined && changes.titleEn.trim() !== current.titleEn) || (changes.bodyEn !== undefined && changes.bodyEn !== current.bodyEn);
      const frChanged = (changes.titleFr !== undefined && changes.titleFr.trim() !== current.titleFr) || (changes.bodyFr !== undefined && changes.bodyFr !== current.bodyFr);
      if (changes.titleEn !== undefined) set.titleEn = changes.titleEn.trim();
      if (changes.titleFr !== undefined) set.titleFr = changes.titleFr.trim();
      if (changes.bodyEn !== undefined) Object.assign(set, { bodyEn: changes.bodyEn, htmlEn: await renderMarkdown(changes.bodyEn) });
      if (changes.bodyFr !== undefined) Object.assign(set, { bodyFr: changes.bodyFr, htmlFr: await renderMarkdown(changes.bodyFr) });
      // Saving a language brings it up to date; it makes the other one outdated, unless the
      // saved one was itself outdated (a translation catching up changes nothing to translate).
      if (enChanged) {
        set.outdatedEn = false;
        if (!frChanged && !current.outdatedEn) set.outdatedFr = true;
      }
      if (frChanged) {
        set.outdatedFr = false;
        if (!enChanged && !current.outdatedFr) set.outdatedEn = true;
      }
      if (changes.outdatedEn !== undefined) set.outdatedEn = changes.outdatedEn;
      if (changes.outdatedFr !== undefined) set.outdatedFr = changes.outdatedFr;
      if (changes.status === 'published' && current.status !== 'published') set.publishedAt = this.now();
      const [updated] = await slugSafe(changes.slug ?? '', () => tx.update(helpArticle).set(set).where(eq(helpArticle.id, id)).returning());
      const searchable = current.status === 'published' || updated!.status === 'published';
      if (searchable && (enChanged || frChanged || updated!.status !== current.status)) await this.rebuildVocabulary(tx);
      return updated!;
    });
    this.cache.clear();
    return articleDto(row);
  }

  /** Deletes an article and its votes. @throws 404 SUPPORT.HELP_ARTICLE_NOT_FOUND. */
  async deleteArticle(id: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      const gone = await tx.delete(helpArticle).where(eq(helpArticle.id, id)).returning({ status: helpArticle.status });
      if (gone.length === 0) throw HelpErrors.articleNotFound(id);
      if (gone[0]!.status === 'published') await this.rebuildVocabulary(tx);
    });
    this.cache.clear();
  }

  /**
   * Rebuilds {@link helpWord} from the published articles (titles and texts, per language):
   * each word and in how many articles it occurs. Runs in the writer's transaction; a help
   * centre holds hundreds of articles, not millions.
   */
  private async rebuildVocabulary(tx: Tx): Promise<void> {
    const published = await tx.select({ titleEn: helpArticle.titleEn, bodyEn: helpArticle.bodyEn, titleFr: helpArticle.titleFr, bodyFr: helpArticle.bodyFr })
      .from(helpArticle).where(eq(helpArticle.status, 'published'));
    await tx.delete(helpWord);
    const words: { locale: HelpLocale; word: string; documents: number }[] = [];
    for (const locale of ['en', 'fr'] as const) {
      const counts = new Map<string, number>();
      for (const a of published) {
        const text = locale === 'en' ? `${a.titleEn} ${a.bodyEn}` : `${a.titleFr} ${a.bodyFr}`;
        for (const w of vocabularyWords(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
      }
      for (const [word, documents] of counts) words.push({ locale, word, documents });
    }
    for (let i = 0; i < words.length; i += 1_000) await tx.insert(helpWord).values(words.slice(i, i + 1_000));
  }

  // ── public ───────────────────────────────────────────────────────────

  /** Categories that hold published articles, each with those articles (by position), in `locale`. */
  async publicCategories(locale: HelpLocale): Promise<PublicCategory[]> {
    return this.cache.fetch(`cats:${locale}`, async () => {
      const list = await this.db.select({ c: helpCategory, a: { id: helpArticle.id, slug: helpArticle.slug, titleEn: helpArticle.titleEn, titleFr: helpArticle.titleFr } })
        .from(helpCategory).innerJoin(helpArticle, and(eq(helpArticle.categoryId, helpCategory.id), eq(helpArticle.status, 'published')))
        .orderBy(asc(helpCategory.position), asc(helpCategory.nameEn), asc(helpCategory.id), asc(helpArticle.position), asc(helpArticle.titleEn), asc(helpArticle.id));
      const out: PublicCategory[] = [];
      for (const { c, a } of list) {
        let cat = out.at(-1);
        if (cat?.id !== c.id) {
          cat = { id: c.id, slug: c.slug, name: locale === 'fr' ? c.nameFr : c.nameEn, description: locale === 'fr' ? c.descriptionFr : c.descriptionEn, articles: [] };
          out.push(cat);
        }
        cat.articles.push({ id: a.id, slug: a.slug, title: locale === 'fr' ? a.titleFr : a.titleEn });
      }
      return out;
    });
  }

  /** One category (by slug or id) with its published articles. @throws 404 SUPPORT.HELP_CATEGORY_NOT_FOUND (also when it has none). */
  async publicCategory(slugOrId: string, locale: HelpLocale): Promise<PublicCategory> {
    const found = (await this.publicCategories(locale)).find((c) => c.slug === slugOrId || c.id === slugOrId);
    if (!found) throw HelpErrors.categoryNotFound(slugOrId);
    return found;
  }

  /**
   * A published article (by slug or id) in `locale`, with up to 5 related published articles:
   * those of its category first (by position), then those sharing the most title terms.
   * @throws 404 SUPPORT.HELP_ARTICLE_NOT_FOUND (unknown or draft).
   */
  async publicArticle(slugOrId: string, locale: HelpLocale): Promise<PublicArticle> {
    const key = `art:${locale}:${slugOrId}`;
    const cached = this.cache.get<PublicArticle>(key);
    if (cached) return cached;
    const ticket = this.cache.ticket();
    const [found] = await this.db.select({ a: helpArticle, c: helpCategory }).from(helpArticle).innerJoin(helpCategory, eq(helpCategory.id, helpArticle.categoryId))
      .where(and(eq(helpArticle.status, 'published'), sql`(${helpArticle.slug} = ${slugOrId} or ${helpArticle.id} = ${slugOrId})`)).limit(1);
    if (!found) throw HelpErrors.articleNotFound(slugOrId);
    const { a, c } = found;
    const related = await this.related(a, locale);
    const article: PublicArticle = {
      id: a.id, slug: a.slug, locale, title: locale === 'fr' ? a.titleFr : a.titleEn, html: locale === 'fr' ? a.htmlFr : a.htmlEn,
      outdated: locale === 'fr' ? a.outdatedFr : a.outdatedEn, category: { id: c.id, slug: c.slug, name: locale === 'fr' ? c.nameFr : c.nameEn },
      helpfulYes: a.helpfulYes, helpfulNo: a.helpfulNo, related, updatedAt: iso(a.updatedAt),
    };
    this.cache.set(key, article, ticket);
    return article;
  }

  private async related(a: ArticleRow, locale: HelpLocale): Promise<{ id: string; slug: string; title: string }[]> {
    const terms = queryTerms(locale === 'fr' ? a.titleFr : a.titleEn).filter((t) => t.length >= 3);
    const shared = terms.length > 0 ? sql`ts_rank_cd(${SEARCH_COLUMN[locale]}, to_tsquery(${TS_CONFIG[locale]}, ${terms.join(' | ')}))` : sql`0`;
    const list = await rows<{ id: string; slug: string; title: string }>(this.db, sql`
      select a.id, a.slug, ${TITLE_COLUMN[locale]} as title
        from support.help_article a
       where a.status = 'published' and a.id <> ${a.id}
         and (a.category_id = ${a.categoryId} or ${terms.length > 0 ? sql`${SEARCH_COLUMN[locale]} @@ to_tsquery(${TS_CONFIG[locale]}, ${terms.join(' | ')})` : sql`false`})
       order by (a.category_id = ${a.categoryId}) desc, ${shared} desc, a.position, a.id
       limit 5`);
    return list.map((r) => ({ id: r.id, slug: r.slug, title: r.title }));
  }

  /**
   * Full-text search of published articles in `locale` (its configuration: `english` or
   * `french`), typo-tolerant: terms matching no word of the language's vocabulary are OR-ed with
   * their nearest words by trigram similarity (`word % term`, chosen as product search does), the
   * last term is a prefix. Ranked: every term as typed first, then ts_rank_cd, then title
   * similarity. With `record`, a search that finds nothing is counted in the zero-result list.
   */
  async search(q: string, locale: HelpLocale, page: number, limit: number, record = true): Promise<HelpSearchResult> {
    const terms = queryTerms(q);
    if (terms.length === 0) return { data: [], pagination: { total: 0, limit, page } };
    const key = `q:${locale}:${page}:${limit}:${terms.join(' ')}`;
    const result = await this.cache.fetch(key, () => this.runSearch(terms, locale, page, limit));
    if (record && result.pagination.total === 0 && page === 1) await this.recordMiss(locale, terms.join(' ').slice(0, 200));
    return result;
  }

  private async runSearch(terms: string[], locale: HelpLocale, page: number, limit: number): Promise<HelpSearchResult> {
    const corrections = await this.corrections(terms, locale);
    const ts = buildTsQueries(terms, corrections);
    const list = await rows<{ id: string; slug: string; title: string; body: string; category_slug: string; category_name: string; total: number }>(this.db, sql`
      with q as (select to_tsquery(${TS_CONFIG[locale]}, ${ts.exact}) as exact, to_tsquery(${TS_CONFIG[locale]}, ${ts.fuzzy}) as fuzzy)
      select a.id, a.slug, ${TITLE_COLUMN[locale]} as title, left(${BODY_COLUMN[locale]}, 600) as body, c.slug as category_slug, ${CATEGORY_NAME[locale]} as category_name,
             count(*) over ()::int as total
        from support.help_article a
        join support.help_category c on c.id = a.category_id
        cross join q
       where a.status = 'published' and ${SEARCH_COLUMN[locale]} @@ q.fuzzy
       order by (${SEARCH_COLUMN[locale]} @@ q.exact) desc, ts_rank_cd(${SEARCH_COLUMN[locale]}, q.fuzzy, 32) desc,
                word_similarity(${terms.join(' ')}, ${TITLE_COLUMN[locale]}) desc, a.position, a.id
       limit ${limit} offset ${(page - 1) * limit}`);
    const total = list[0] ? Number(list[0].total) : page === 1 ? 0 : await this.countMatches(ts.fuzzy, locale);
    return {
      data: await Promise.all(list.map(async (r) => ({ id: r.id, slug: r.slug, title: r.title, excerpt: await plainExcerpt(r.body), categorySlug: r.category_slug, categoryName: r.category_name }))),
      pagination: { total, limit, page },
    };
  }

  private async countMatches(fuzzy: string, locale: HelpLocale): Promise<number> {
    const [r] = await rows<{ n: number }>(this.db, sql`select count(*)::int as n from support.help_article a where a.status = 'published' and ${SEARCH_COLUMN[locale]} @@ to_tsquery(${TS_CONFIG[locale]}, ${fuzzy})`);
    return Number(r?.n ?? 0);
  }

  /** Spelling corrections of the terms that are no word of the vocabulary of `locale` (see product search's `chooseCorrections`). */
  private async corrections(terms: string[], locale: HelpLocale): Promise<Map<number, Correction[]>> {
    const last = terms.length - 1;
    const wanted = terms.map((term, i) => ({ term, i })).filter((t) => isFuzzable(t.term));
    const result = new Map<number, Correction[]>();
    if (wanted.length === 0) return result;
    const found = await rows<{ i: number; exact_documents: number; prefix_documents: number; candidates: Candidate[] | null }>(this.db, sql`
      select t.i::int as i, k.exact_documents, k.prefix_documents,
             case when k.exact_documents > 0 then null else (
               select json_agg(json_build_object('word', c.word, 'similarity', c.sim, 'documents', c.documents))
                 from (select w.word, similarity(w.word, t.term) as sim, w.documents
                         from support.help_word w
                        where w.locale = ${locale} and w.word % t.term
                        order by sim desc, w.documents desc
                        limit 10) c
             ) end as candidates
        from unnest(${sql.param(wanted.map((t) => t.term))}::text[], ${sql.param(wanted.map((t) => t.i))}::int[]) as t(term, i)
        cross join lateral (
          select coalesce(sum(w.documents) filter (where w.word = t.term), 0)::int as exact_documents,
                 coalesce(sum(w.documents) filter (where w.word like t.term || '%'), 0)::int as prefix_documents
            from support.help_word w
           where w.locale = ${locale} and (w.word = t.term or (t.i = ${last}::int and w.word like t.term || '%'))
        ) k`);
    for (const r of found) {
      const candidates = (Number(r.exact_documents) > 0 ? [] : (r.candidates ?? [])).map((c) => ({ word: c.word, similarity: Number(c.similarity), documents: Number(c.documents) }));
      const i = Number(r.i);
      const chosen = chooseCorrections(terms[i]!, candidates, { prefix: i === last, prefixDocuments: Number(r.prefix_documents) });
      if (chosen.length > 0) result.set(i, chosen);
    }
    return result;
  }

  /** Up to 5 published articles for what a customer is typing (the ticket form's deflection); never recorded as a miss. */
  async suggest(q: string, locale: HelpLocale): Promise<PublicArticleSummary[]> {
    return (await this.search(q, locale, 1, 5, false)).data;
  }

  private async recordMiss(locale: HelpLocale, query: string): Promise<void> {
    const now = this.now();
    await this.db.insert(helpSearchMiss).values({ locale, query, count: 1, firstAt: now, lastAt: now })
      .onConflictDoUpdate({ target: [helpSearchMiss.locale, helpSearchMiss.query], set: { count: sql`${helpSearchMiss.count} + 1`, lastAt: now } });
  }

  /** Searches that found nothing, most frequent first (then latest), optionally of one language. Times ISO 8601 UTC. */
  async misses(filter: { locale?: HelpLocale; page: number; limit: number }) {
    const condition = filter.locale ? eq(helpSearchMiss.locale, filter.locale) : undefined;
    const [list, [total]] = await Promise.all([
      this.db.select().from(helpSearchMiss).where(condition).orderBy(desc(helpSearchMiss.count), desc(helpSearchMiss.lastAt), asc(helpSearchMiss.query))
        .limit(filter.limit).offset((filter.page - 1) * filter.limit),
      this.db.select({ n: count() }).from(helpSearchMiss).where(condition),
    ]);
    return {
      data: list.map((m) => ({ locale: m.locale, query: m.query, count: m.count, firstAt: iso(m.firstAt), lastAt: iso(m.lastAt) })),
      pagination: { total: total?.n ?? 0, limit: filter.limit, page: filter.page },
    };
  }

  /** Forgets zero-result searches last seen more than `days` days ago, and keeps the `keep` most frequent others. @returns how many were removed. */
  async pruneMisses(days = 90, keep = 5_000): Promise<number> {
    const before = new Date(this.now().getTime() - days * 86_400_000).toISOString();
    const old = await this.db.delete(helpSearchMiss).where(sql`${helpSearchMiss.lastAt} < ${before}::timestamptz`).returning({ q: helpSearchMiss.query });
    const extra = await rows<{ n: number }>(this.db, sql`
      with gone as (
        delete from support.help_search_miss m using (
          select locale, query from support.help_search_miss order by count desc, last_at desc offset ${keep}
        ) x where m.locale = x.locale and m.query = x.query returning 1
      ) select count(*)::int as n from gone`);
    return old.length + Number(extra[0]?.n ?? 0);
  }

  /**
   * Records a "was this helpful?" vote of `voter` (a user id, or a browser's visitor id, kept
   * only as a SHA-256) on a published article: one vote per voter and article; voting again
   * changes it. @returns the article's counts and this vote.
   * @throws 404 SUPPORT.HELP_ARTICLE_NOT_FOUND (unknown or draft).
   */
  async vote(articleId: string, voter: { userId: string | null; visitorId: string }, helpful: boolean): Promise<{ helpfulYes: number; helpfulNo: number; helpful: boolean }> {
    const key = voter.userId ? `usr:${voter.userId}` : `v:${createHash('sha256').update(voter.visitorId).digest('hex')}`;
    const result = await this.database.transaction(async (tx) => {
      const [article] = await tx.select({ id: helpArticle.id }).from(helpArticle).where(and(eq(helpArticle.id, articleId), eq(helpArticle.status, 'published'))).for('update');
      if (!article) throw HelpErrors.articleNotFound(articleId);
      const [previous] = await tx.select().from(helpVote).where(and(eq(helpVote.articleId, articleId), eq(helpVote.voter, key)));
      if (previous?.helpful === helpful) {
        const [row] = await tx.select({ helpfulYes: helpArticle.helpfulYes, helpfulNo: helpArticle.helpfulNo }).from(helpArticle).where(eq(helpArticle.id, articleId));
        return { ...row!, helpful };
      }
      if (previous) await tx.update(helpVote).set({ helpful, createdAt: this.now() }).where(and(eq(helpVote.articleId, articleId), eq(helpVote.voter, key)));
      else await tx.insert(helpVote).values({ articleId, voter: key, helpful, createdAt: this.now() });
      const yes = (helpful ? 1 : 0) - (previous?.helpful === true ? 1 : 0);
      const no = (helpful ? 0 : 1) - (previous?.helpful === false ? 1 : 0);
      const [row] = await tx.update(helpArticle).set({ helpfulYes: sql`${helpArticle.helpfulYes} + ${yes}`, helpfulNo: sql`${helpArticle.helpfulNo} + ${no}` })
        .where(eq(helpArticle.id, articleId)).returning({ helpfulYes: helpArticle.helpfulYes, helpfulNo: helpArticle.helpfulNo });
      return { ...row!, helpful };
    });
    this.cache.clear();
    return result;
  }
}
