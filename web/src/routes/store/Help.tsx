/** `/help`: the help centre — categories with their articles, and search (typo-tolerant, in the page's language); `?q=` holds the query. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, EmptyState, Field, Loading, Pagination } from '../../ui';
import { helpLocale, useHelpCategories, useHelpSearch } from '../../features/support/api';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** The help centre's home and search results. */
export default function Help() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const locale = helpLocale(i18n.language);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [text, setText] = useState(q);
  const categories = useHelpCategories(locale);
  const results = useHelpSearch(q, locale, page);
  useTitle(t('store.help.title'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };
  return (
    <div className="stack">
      <h1>{t('store.help.title')}</h1>
      <form role="search" className="row" onSubmit={submit}>
        <Field label={t('store.help.searchLabel')} type="search" name="q" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} />
        <Button type="submit">{t('store.help.search')}</Button>
      </form>
      {q ? (
        <section className="stack" aria-labelledby="help-results">
          <h2 id="help-results">{t('store.help.resultsFor', { q })}</h2>
          {results.isPending ? <Loading /> : results.isError ? <Alert>{message(results.error)}</Alert> : results.data.data.length === 0 ? (
            <EmptyState>{t('store.help.noResults')} <Link to="/support/new">{t('store.help.contactUs')}</Link></EmptyState>
          ) : (
            <>
              <ul className="stack" data-testid="help-results">
                {results.data.data.map((a) => (
                  <li key={a.id}>
                    <Link to={`/help/${a.slug}`}>{a.title}</Link> <span className="muted">— {a.categoryName}</span>
                    <p className="muted">{a.excerpt}</p>
                  </li>
                ))}
              </ul>
              <Pagination area="store" page={page} total={results.data.pagination.total} limit={10} params={params} />
            </>
          )}
        </section>
      ) : null}
      {categories.isPending ? <Loading /> : categories.isError ? <Alert>{message(categories.error)}</Alert> : categories.data.length === 0 ? (
        <EmptyState>{t('store.help.empty')}</EmptyState>
      ) : (
        <div className="grid">
          {categories.data.map((c) => (
            <section key={c.id} className="card stack" aria-labelledby={`help-cat-${c.id}`}>
              <h2 id={`help-cat-${c.id}`}>{c.name}</h2>
              {c.description ? <p className="muted">{c.description}</p> : null}
              <ul>
                {c.articles.map((a) => <li key={a.id}><Link to={`/help/${a.slug}`}>{a.title}</Link></li>)}
              </ul>
            </section>
          ))}
        </div>
      )}
      <p><Link to="/support/new">{t('store.help.contactUs')}</Link></p>
    </div>
  );
}
