import { Type, type TSchema } from '@sinclair/typebox';
import { Pagination, pageQueryFields } from '../../platform/http/schemas.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { HelpCentre } from './support.help.js';

const tags = ['support'];
const problem = { $ref: 'Problem#' };
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Longest article text (Markdown), in characters. */
export const MAX_ARTICLE = 100_000;
const SLUG = Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', description: 'Lower-case letters and digits separated by hyphens' });
const Locale = Type.Union([Type.Literal('en'), Type.Literal('fr')]);
const LocaleQuery = Type.Object({ locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('fr')], { default: 'en', description: 'Language (default en)' })) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100, description: 'The slug (or the id)' }) });
const Status = Type.Union([Type.Literal('draft'), Type.Literal('published')]);
const Position = Type.Integer({ minimum: 0, maximum: 100_000, description: 'Order (ascending)' });

/** A help category in the back office. */
export const HelpCategorySchema = Type.Object({
  id: Type.String(), slug: Type.String(), position: Type.Integer(), nameEn: Type.String(), nameFr: Type.String(),
  descriptionEn: Type.String(), descriptionFr: Type.String(), articleCount: Type.Integer({ description: 'Articles, any status' }),
});
const categoryFields = {
  slug: Type.Optional(SLUG),
  position: Type.Optional(Position),
  nameEn: Type.String({ minLength: 1, maxLength: 120 }),
  nameFr: Type.String({ minLength: 1, maxLength: 120 }),
  descriptionEn: Type.Optional(Type.String({ maxLength: 500 })),
  descriptionFr: Type.Optional(Type.String({ maxLength: 500 })),
};
/** A new category (slug from the English name when absent). */
export const HelpCategoryBody = Type.Object(categoryFields, { additionalProperties: false });
/** Category changes (absent fields kept). */
export const HelpCategoryPatch = Type.Partial(Type.Object(categoryFields), { additionalProperties: false, minProperties: 1 });

/** A help article in the back office: both languages, Markdown and sanitized HTML, outdated flags, votes. */
export const HelpArticleSchema = Type.Object({
  id: Type.String(), categoryId: Type.String(), slug: Type.String(), status: Status, position: Type.Integer(),
  titleEn: Type.String(), titleFr: Type.String(), bodyEn: Type.String({ description: 'Markdown' }), bodyFr: Type.String({ description: 'Markdown' }),
  htmlEn: Type.String({ description: 'Sanitized HTML rendered from bodyEn' }), htmlFr: Type.String({ description: 'Sanitized HTML rendered from bodyFr' }),
  outdatedEn: Type.Boolean({ description: 'The French text changed since the English one was last saved or reviewed' }),
  outdatedFr: Type.Boolean({ description: 'The English text changed since the French one was last saved or reviewed' }),
  helpfulYes: Type.Integer(), helpfulNo: Type.Integer(),
  publishedAt: Nullable(Type.String({ format: 'date-time' })), createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }),
});
const articleFields = {
  categoryId: Type.String({ maxLength: 64 }),
  slug: Type.Optional(SLUG),
  status: Type.Optional(Status),
  position: Type.Optional(Position),
  titleEn: Type.String({ minLength: 1, maxLength: 200 }),
  titleFr: Type.String({ minLength: 1, maxLength: 200 }),
  bodyEn: Type.String({ minLength: 1, maxLength: MAX_ARTICLE, description: 'Markdown (HTML in it is sanitized)' }),
  bodyFr: Type.String({ minLength: 1, maxLength: MAX_ARTICLE, description: 'Markdown (HTML in it is sanitized)' }),
};
/** A new article (draft unless `status` says published; slug from the English title when absent). */
export const HelpArticleBody = Type.Object(articleFields, { additionalProperties: false });
/** Article changes; `outdatedEn`/`outdatedFr: false` marks a language reviewed. */
export const HelpArticlePatch = Type.Object({
  ...Type.Partial(Type.Object(articleFields)).properties,
  outdatedEn: Type.Optional(Type.Boolean()),
  outdatedFr: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });

const ArticleSummary = Type.Object({ id: Type.String(), slug: Type.String(), title: Type.String(), excerpt: Type.String(), categorySlug: Type.String(), categoryName: Type.String() });
const ArticleLink = Type.Object({ id: Type.String(), slug: Type.String(), title: Type.String() });
const PublicCategorySchema = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), description: Type.String(), articles: Type.Array(ArticleLink) });
const PublicArticleSchema = Type.Object({
  id: Type.String(), slug: Type.String(), locale: Locale, title: Type.String(), html: Type.String({ description: 'Sanitized HTML' }),
  outdated: Type.Boolean({ description: 'This language lags behind the other one' }),
  category: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  helpfulYes: Type.Integer(), helpfulNo: Type.Integer(),
  related: Type.Array(ArticleLink, { description: 'Up to 5: same category first, then shared title terms' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'What to look for (absent or without a letter or digit: an empty page)' })),
  ...LocaleQuery.properties,
  ...pageQueryFields({ defaultLimit: 10 }),
});
const SearchMiss = Type.Object({ locale: Locale, query: Type.String(), count: Type.Integer(), firstAt: Type.String({ format: 'date-time' }), lastAt: Type.String({ format: 'date-time' }) });
const VoteBody = Type.Object({
  helpful: Type.Boolean(),
  visitorId: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'A random id the browser keeps (one vote per visitor); ignored when signed in' }),
}, { additionalProperties: false });

/**
 * Routes of the help centre:
 * - public (`/api/help/…`, published articles only, `?locale=en|fr`): categories with their
 *   articles, one category, one article with related ones, search (typo-tolerant; zero-result
 *   searches are recorded), suggestions for the ticket form, "was this helpful?" votes (one per
 *   visitor, per-IP write limit);
 * - back office (`/api/admin/help/…`; writes `content:write`, reads `support:read`): categories, articles (EN/FR Markdown,
 *   outdated flags, draft/published, order), zero-result searches.
 */
export function helpRoutes(server: HttpServer, help: HelpCentre): void {
  server.get('/api/help/categories', {
    schema: { summary: 'Help-centre categories holding published articles, each with its articles (by position)', tags, querystring: LocaleQuery, response: { 200: Type.Object({ data: Type.Array(PublicCategorySchema) }), 400: problem } },
  }, async (request) => ({ data: await help.publicCategories(request.query.locale ?? 'en') }));

  server.get('/api/help/categories/:slug', {
    schema: { summary: 'One help-centre category with its published articles', tags, params: SlugParams, querystring: LocaleQuery, response: { 200: PublicCategorySchema, 400: problem, 404: problem } },
  }, async (request) => help.publicCategory(request.params.slug, request.query.locale ?? 'en'));

  server.get('/api/help/articles/:slug', {
    schema: {
      summary: 'One published help article (sanitized HTML) with related articles',
      description: 'Drafts and unknown slugs answer 404 `SUPPORT.HELP_ARTICLE_NOT_FOUND`.',
      tags, params: SlugParams, querystring: LocaleQuery, response: { 200: PublicArticleSchema, 400: problem, 404: problem },
    },
  }, async (request) => help.publicArticle(request.params.slug, request.query.locale ?? 'en'));

  server.get('/api/help/search', {
    schema: {
      summary: 'Search published help articles (full-text in the language, typo-tolerant)',
      description: 'Terms are matched with the language\'s stemming (`english` / `french`); a misspelt term also matches its nearest words of the articles (trigram similarity); the last term is a prefix. A search that finds nothing is recorded for the back office.',
      tags, querystring: SearchQuery, response: { 200: Type.Object({ data: Type.Array(ArticleSummary), pagination: Pagination }), 400: problem },
    },
  }, async (request) => help.search(request.query.q ?? '', request.query.locale ?? 'en', request.query.page, request.query.limit));

  server.get('/api/help/suggest', {
    schema: {
      summary: 'Up to 5 help articles for text being typed (the ticket form suggests them as the subject is written)',
      tags, querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 200 }), ...LocaleQuery.properties }), response: { 200: Type.Object({ data: Type.Array(ArticleSummary) }), 400: problem },
    },
  }, async (request) => ({ data: await help.suggest(request.query.q, request.query.locale ?? 'en') }));

  server.post('/api/help/articles/:id/votes', {
    schema: {
      summary: '"Was this helpful?": one vote per visitor (or signed-in customer) and article; voting again changes it',
      description: 'Limited per IP like other anonymous writes (429). Drafts and unknown ids answer 404.',
      tags, params: IdParams, body: VoteBody,
      response: { 200: Type.Object({ helpfulYes: Type.Integer(), helpfulNo: Type.Integer(), helpful: Type.Boolean() }), 400: problem, 404: problem, 429: problem },
    },
  }, async (request) => help.vote(request.params.id, { userId: request.user?.id ?? null, visitorId: request.body.visitorId }, request.body.helpful));

  // ── back office ──
  // Writes need content:write; reads (drafts included) support:read, as there is no content:read.
  const admin = { permission: 'content:write' };
  const reader = { permission: 'support:read' };
  server.get('/api/admin/help/categories', {
    config: reader,
    schema: { summary: 'Help-centre categories (by position), with article counts', tags, response: { 200: Type.Object({ data: Type.Array(HelpCategorySchema) }) } },
  }, async () => ({ data: await help.listCategories() }));

  server.post('/api/admin/help/categories', {
    config: admin,
    schema: { summary: 'Create a help-centre category', tags, body: HelpCategoryBody, response: { 201: HelpCategorySchema, 400: problem, 409: problem } },
  }, async (request, reply) => reply.status(201).send(await help.createCategory(request.body)));

  server.patch('/api/admin/help/categories/:id', {
    config: admin,
    schema: { summary: 'Change a help-centre category', tags, params: IdParams, body: HelpCategoryPatch, response: { 200: HelpCategorySchema, 400: problem, 404: problem, 409: problem } },
  }, async (request) => help.updateCategory(request.params.id, request.body));

  server.delete('/api/admin/help/categories/:id', {
    config: admin,
    schema: { summary: 'Delete an empty help-centre category (409 SUPPORT.HELP_CATEGORY_NOT_EMPTY otherwise)', tags, params: IdParams, response: { 204: Type.Null(), 404: problem, 409: problem } },
  }, async (request, reply) => {
    await help.deleteCategory(request.params.id);
    return reply.status(204).send(null);
  });

  server.get('/api/admin/help/articles', {
    config: reader,
    schema: {
      summary: 'Help articles (any status) by category and position; filters by category, status and outdated translations',
      tags,
      querystring: Type.Object({ categoryId: Type.Optional(Type.String({ maxLength: 64 })), status: Type.Optional(Status), outdated: Type.Optional(Type.Boolean()), ...pageQueryFields({ defaultLimit: 50 }) }),
      response: { 200: Type.Object({ data: Type.Array(HelpArticleSchema), pagination: Pagination }), 400: problem },
    },
  }, async (request) => help.listArticles(request.query));

  server.get('/api/admin/help/articles/:id', {
    config: reader,
    schema: { summary: 'One help article, both languages', tags, params: IdParams, response: { 200: HelpArticleSchema, 404: problem } },
  }, async (request) => help.getArticle(request.params.id));

  server.post('/api/admin/help/articles', {
    config: admin,
    schema: { summary: 'Create a help article in English and French (Markdown, sanitized on rendering)', tags, body: HelpArticleBody, response: { 201: HelpArticleSchema, 400: problem, 404: problem, 409: problem } },
  }, async (request, reply) => reply.status(201).send(await help.createArticle(request.body)));

  server.patch('/api/admin/help/articles/:id', {
    config: admin,
    schema: {
      summary: 'Change a help article; a change of one language marks the other outdated',
      tags, params: IdParams, body: HelpArticlePatch, response: { 200: HelpArticleSchema, 400: problem, 404: problem, 409: problem },
    },
  }, async (request) => help.updateArticle(request.params.id, request.body));

  server.delete('/api/admin/help/articles/:id', {
    config: admin,
    schema: { summary: 'Delete a help article and its votes', tags, params: IdParams, response: { 204: Type.Null(), 404: problem } },
  }, async (request, reply) => {
    await help.deleteArticle(request.params.id);
    return reply.status(204).send(null);
  });

  server.get('/api/admin/help/search-misses', {
    config: reader,
    schema: {
      summary: 'Help-centre searches that found nothing, most frequent first',
      tags, querystring: Type.Object({ locale: Type.Optional(Locale), ...pageQueryFields({ defaultLimit: 50 }) }),
      response: { 200: Type.Object({ data: Type.Array(SearchMiss), pagination: Pagination }), 400: problem },
    },
  }, async (request) => help.misses(request.query));
}
