/** `/help/:slug`: one help article (sanitized HTML from the API) in the page's language, "was this helpful?" and related articles. */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, Badge, Button, Loading } from '../../ui';
import { helpLocale, useHelpArticle, useHelpVote } from '../../features/support/api';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** A help article. */
export default function HelpArticle() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const article = useHelpArticle(slug, helpLocale(i18n.language));
  const vote = useHelpVote(article.data?.id ?? '');
  useTitle(article.data?.title ?? t('store.help.title'));
  if (article.isPending) return <Loading />;
  if (article.isError) return <Alert>{message(article.error)}</Alert>;
  const a = article.data;
  return (
    <div className="stack">
      <nav aria-label={t('store.help.breadcrumb')}><Link to="/help">{t('store.help.title')}</Link> › {a.category.name}</nav>
      <article className="stack">
        <h1>{a.title}</h1>
        {a.outdated ? <Badge tone="warning">{t('store.help.outdated')}</Badge> : null}
        {/* The API renders Markdown and sanitizes it with an allow-list (no scripts, handlers or unsafe URLs). */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: a.html }} />
      </article>
      <section className="card stack" aria-labelledby="helpful">
        <h2 id="helpful">{t('store.help.helpful')}</h2>
        {vote.isSuccess ? (
          <p role="status">{t('store.help.thanks')}</p>
        ) : (
          <div className="row">
            <Button variant="secondary" onClick={() => vote.mutate(true)} disabled={vote.isPending}>{t('store.help.yes')}</Button>
            <Button variant="secondary" onClick={() => vote.mutate(false)} disabled={vote.isPending}>{t('store.help.no')}</Button>
          </div>
        )}
        {vote.isError ? <Alert>{message(vote.error)}</Alert> : null}
      </section>
      {a.related.length > 0 ? (
        <section aria-labelledby="related">
          <h2 id="related">{t('store.help.related')}</h2>
          <ul>{a.related.map((r) => <li key={r.id}><Link to={`/help/${r.slug}`}>{r.title}</Link></li>)}</ul>
        </section>
      ) : null}
      <p>{t('store.help.stillStuck')} <Link to="/support/new">{t('store.help.contactUs')}</Link></p>
    </div>
  );
}
