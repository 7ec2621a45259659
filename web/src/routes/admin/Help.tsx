/**
 * The help centre in the back office: `/admin/help` (categories, articles with their outdated
 * translations, zero-result searches) and `/admin/help/articles/:id` (`new`: a new one), the
 * editor with English and French side by side.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Badge, Button, Field, Pagination, SelectField, TableScroll, TextAreaField } from '../../ui';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { useAdminHelpArticle, useAdminHelpArticles, useAdminHelpCategories, useCreateHelpCategory, useDeleteHelpCategory, useHelpMisses, useSaveHelpArticle, useUpdateHelpCategory } from '../../features/support/api';
import { formatDateTime } from '../../lib/format';

function NewCategory() {
  const { t } = useTranslation();
  const create = useCreateHelpCategory();
  const [v, setV] = useState({ nameEn: '', nameFr: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ nameEn: v.nameEn.trim(), nameFr: v.nameFr.trim() }, { onSuccess: () => setV({ nameEn: '', nameFr: '' }) });
  };
  return (
    <form className="toolbar card" onSubmit={submit} aria-label={t('admin.help.newCategory')}>
      <Field label={t('admin.help.nameEn')} value={v.nameEn} onChange={(e) => setV({ ...v, nameEn: e.target.value })} required maxLength={120} />
      <Field label={t('admin.help.nameFr')} value={v.nameFr} onChange={(e) => setV({ ...v, nameFr: e.target.value })} required maxLength={120} />
      <Button type="submit" disabled={create.isPending}>{t('admin.help.addCategory')}</Button>
      {create.isError ? <ErrorMessage error={create.error} /> : null}
    </form>
  );
}

type HelpCategory = NonNullable<ReturnType<typeof useAdminHelpCategories>['data']>[number];

/** One category's row: its names and position, edited in place; deleted when it holds no article. */
function CategoryRow({ category }: { category: HelpCategory }) {
  const { t } = useTranslation();
  const update = useUpdateHelpCategory();
  const remove = useDeleteHelpCategory();
  const [editing, setEditing] = useState(false);
  const [v, setV] = useState({ nameEn: category.nameEn, nameFr: category.nameFr, position: String(category.position) });
  const save = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ id: category.id, nameEn: v.nameEn.trim(), nameFr: v.nameFr.trim(), position: Number(v.position) || 0 }, { onSuccess: () => setEditing(false) });
  };
  if (editing) {
    return (
      <tr>
        <td colSpan={4}>
          <form className="toolbar" onSubmit={save} aria-label={t('admin.help.editCategory', { name: category.nameEn })}>
            <Field label={t('admin.help.nameEn')} value={v.nameEn} onChange={(e) => setV({ ...v, nameEn: e.target.value })} required maxLength={120} />
            <Field label={t('admin.help.nameFr')} value={v.nameFr} onChange={(e) => setV({ ...v, nameFr: e.target.value })} required maxLength={120} />
            <Field label={t('admin.help.categoryPosition')} type="number" min={0} value={v.position} onChange={(e) => setV({ ...v, position: e.target.value })} />
            <Button type="submit" disabled={update.isPending}>{t('admin.save')}</Button>
            <Button variant="secondary" onClick={() => setEditing(false)}>{t('admin.cancel')}</Button>
            <ErrorMessage error={update.error} />
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <td>{category.nameEn}</td>
      <td>{category.nameFr}</td>
      <td className="num">{category.articleCount}</td>
      <td>
        <div className="row" style={{ gap: 8 }}>
          <Button variant="secondary" className="btn-small" onClick={() => setEditing(true)}>{t('admin.edit')}<span className="sr-only"> {category.nameEn}</span></Button>
          {category.articleCount === 0 ? (
            <Button variant="danger" className="btn-small" disabled={remove.isPending} onClick={() => remove.mutate(category.id)}>{t('admin.help.deleteCategory')}<span className="sr-only"> {category.nameEn}</span></Button>
          ) : null}
        </div>
        <ErrorMessage error={remove.error} />
      </td>
    </tr>
  );
}

/** The categories in display order, each editable. */
function Categories() {
  const { t } = useTranslation();
  const categories = useAdminHelpCategories();
  return (
    <QueryState query={categories}>
      {categories.data && categories.data.length > 0 ? (
        <TableScroll label={t('admin.help.categories')}>
          <table className="table" data-testid="help-categories">
            <thead><tr><th scope="col">{t('admin.help.nameEn')}</th><th scope="col">{t('admin.help.nameFr')}</th><th scope="col" className="num">{t('admin.help.articles')}</th><th scope="col"><span className="sr-only">{t('admin.actions')}</span></th></tr></thead>
            <tbody>{categories.data.map((c) => <CategoryRow key={c.id} category={c} />)}</tbody>
          </table>
        </TableScroll>
      ) : null}
    </QueryState>
  );
}

function Misses() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useHelpMisses(page);
  return (
    <section className="stack" aria-labelledby="misses">
      <h2 id="misses">{t('admin.help.misses')}</h2>
      <QueryState query={query}>
        {query.data ? (
          query.data.data.length === 0 ? <p>{t('admin.help.noMisses')}</p> : (
            <>
              <TableScroll label={t('admin.help.misses')}>
                <table data-testid="help-misses">
                  <thead><tr><th>{t('admin.help.query')}</th><th>{t('admin.help.language')}</th><th>{t('admin.help.count')}</th><th>{t('admin.help.lastSeen')}</th></tr></thead>
                  <tbody>
                    {query.data.data.map((m) => (
                      <tr key={`${m.locale}:${m.query}`}><td>{m.query}</td><td>{m.locale.toUpperCase()}</td><td>{m.count}</td><td>{formatDateTime(m.lastAt, i18n.language)}</td></tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              <Pagination page={page} limit={50} total={query.data.pagination.total} onPage={setPage} />
            </>
          )
        ) : null}
      </QueryState>
    </section>
  );
}

function Overview() {
  const { t } = useTranslation();
  const categories = useAdminHelpCategories();
  const [page, setPage] = useState(1);
  const articles = useAdminHelpArticles({ page, limit: 50 });
  const categoryName = (id: string) => categories.data?.find((c) => c.id === id)?.nameEn ?? id;
  return (
    <>
      <PageTitle actions={<Link className="btn" to="/admin/help/articles/new">{t('admin.help.newArticle')}</Link>}>{t('admin.help.title')}</PageTitle>
      <NewCategory />
      <Categories />
      <QueryState query={articles}>
        {articles.data ? (
          <>
            <TableScroll label={t('admin.help.articles')}>
              <table data-testid="help-articles">
                <thead><tr><th>{t('admin.help.titleEn')}</th><th>{t('admin.help.titleFr')}</th><th>{t('admin.help.category')}</th><th>{t('admin.help.status')}</th><th>{t('admin.help.votes')}</th></tr></thead>
                <tbody>
                  {articles.data.data.map((a) => (
                    <tr key={a.id}>
                      <td><Link to={`/admin/help/articles/${a.id}`}>{a.titleEn}</Link> {a.outdatedEn ? <Badge tone="warning">{t('admin.help.outdated')}</Badge> : null}</td>
                      <td>{a.titleFr} {a.outdatedFr ? <Badge tone="warning">{t('admin.help.outdated')}</Badge> : null}</td>
                      <td>{categoryName(a.categoryId)}</td>
                      <td>{t(`admin.help.statuses.${a.status}`)}</td>
                      <td>👍 {a.helpfulYes} · 👎 {a.helpfulNo}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={page} limit={50} total={articles.data.pagination.total} onPage={setPage} />
          </>
        ) : null}
      </QueryState>
      <Misses />
    </>
  );
}

type Draft = { categoryId: string; status: 'draft' | 'published'; position: number; titleEn: string; titleFr: string; bodyEn: string; bodyFr: string };

function Editor({ id }: { id: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const categories = useAdminHelpCategories();
  const article = useAdminHelpArticle(id);
  const save = useSaveHelpArticle(id);
  const [v, setV] = useState<Draft>({ categoryId: '', status: 'draft', position: 0, titleEn: '', titleFr: '', bodyEn: '', bodyFr: '' });
  useEffect(() => {
    const a = article.data;
    if (a) setV({ categoryId: a.categoryId, status: a.status, position: a.position, titleEn: a.titleEn, titleFr: a.titleFr, bodyEn: a.bodyEn, bodyFr: a.bodyFr });
  }, [article.data]);
  useEffect(() => {
    if (!v.categoryId && categories.data?.[0]) setV((x) => ({ ...x, categoryId: categories.data[0]!.id }));
  }, [categories.data, v.categoryId]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(v, { onSuccess: (a) => { if (!id) navigate(`/admin/help/articles/${a.id}`, { replace: true }); } });
  };
  const a = save.data ?? article.data;
  return (
    <>
      <PageTitle>{id ? t('admin.help.editArticle') : t('admin.help.newArticle')}</PageTitle>
      <p><Link to="/admin/help">{t('admin.help.back')}</Link></p>
      <form className="stack" onSubmit={submit}>
        <div className="toolbar card">
          <SelectField label={t('admin.help.category')} value={v.categoryId} onChange={(e) => setV({ ...v, categoryId: e.target.value })} required>
            {(categories.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.nameEn}</option>)}
          </SelectField>
          <SelectField label={t('admin.help.status')} value={v.status} onChange={(e) => setV({ ...v, status: e.target.value === 'published' ? 'published' : 'draft' })}>
            <option value="draft">{t('admin.help.statuses.draft')}</option>
            <option value="published">{t('admin.help.statuses.published')}</option>
          </SelectField>
          <Field label={t('admin.help.position')} type="number" min={0} max={100000} value={v.position} onChange={(e) => setV({ ...v, position: Math.max(0, Number(e.target.value) || 0) })} />
        </div>
        <div className="grid help-editor">
          {(['En', 'Fr'] as const).map((l) => (
            <section key={l} className="card stack" lang={l.toLowerCase()} aria-label={t(`admin.help.lang${l}`)}>
              <h2>{t(`admin.help.lang${l}`)} {a?.[`outdated${l}`] ? <Badge tone="warning">{t('admin.help.outdated')}</Badge> : null}</h2>
              <Field label={t(`admin.help.title${l}`)} value={v[`title${l}`]} onChange={(e) => setV({ ...v, [`title${l}`]: e.target.value })} required maxLength={200} />
              <TextAreaField label={t(`admin.help.body${l}`)} value={v[`body${l}`]} onChange={(e) => setV({ ...v, [`body${l}`]: e.target.value })} required rows={16} maxLength={100000} />
              {a?.[`outdated${l}`] && id ? (
                <Button type="button" variant="secondary" onClick={() => save.mutate({ ...v, [`outdated${l}`]: false })}>{t('admin.help.markReviewed')}</Button>
              ) : null}
            </section>
          ))}
        </div>
        {save.isError ? <ErrorMessage error={save.error} /> : null}
        {save.isSuccess ? <p role="status">{t('admin.help.saved')}</p> : null}
        <Button type="submit" disabled={save.isPending}>{t('admin.save')}</Button>
      </form>
    </>
  );
}

/** The /admin/help page. */
export default function Help() {
  return <RequirePermission permission="content:write"><Overview /></RequirePermission>;
}

/** The /admin/help/articles/:id page (`new`: a new article). */
export function HelpArticleEdit() {
  const { id } = useParams();
  const articleId = id === 'new' ? undefined : id;
  return <RequirePermission permission="content:write"><Editor key={id} id={articleId} /></RequirePermission>;
}
