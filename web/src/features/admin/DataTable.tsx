/**
 * The back office's one list component: a table of rows described by columns ({@link Table}), the result count,
 * an empty state, sortable column headers and pagination, over one list query's
 * `{ data, pagination }` answer (loading and errors shown by {@link QueryState}); optionally named
 * views (saved filters), a CSV export of the list, and row selection with bulk actions.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { Button, EmptyState, Pagination, TableScroll } from '../../ui';
import { ErrorMessage, QueryState } from './components';

/** `{ total, limit, page }` of a list answer. */
export interface PageInfo {
  total: number;
  limit: number;
  page: number;
}

/** A column: its header, how a row's cell renders, and optionally the `sort` values the list API takes for it. */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Class of the header and the cells (`num`, `hide-mobile`). */
  className?: string;
  /** The cell is the row's header (`<th scope="row">`). */
  rowHeader?: boolean;
  /** The list API's sort values for this column: ascending, and descending when the API has it. */
  sort?: { asc: string; desc?: string };
}

/** Sorting of a list: the current `sort` value (null: the API's default order) and how to change it. */
export interface Sorting {
  value: string | null;
  onSort: (value: string) => void;
}

/** Named views of a list (saved filters kept in the URL as `?view=`): the current one (null: all) and how to change it. */
export interface Views {
  /** Accessible name of the group of views. */
  label: string;
  /** Label of the view without a filter. */
  allLabel: string;
  options: { value: string; label: string }[];
  value: string | null;
  onChange: (value: string | null) => void;
}

/** Row selection of a list: how a row is named (checkbox label) and the bulk actions for the selected rows. */
export interface Selection<T> {
  /** The row's name in its checkbox label ("Select CPT-100001"). */
  name: (row: T) => string;
  /** The bulk actions for `rows` (kept across pages); `clear` empties the selection. */
  actions: (rows: T[], clear: () => void) => ReactNode;
}

/** Row checkboxes of a {@link Table}. */
interface RowSelect<T> {
  isSelected: (row: T) => boolean;
  toggle: (row: T) => void;
  allSelected: boolean;
  toggleAll: () => void;
  name: (row: T) => string;
}

/** A list query: loading, error, and once loaded `{ data, pagination }`. */
export interface ListQuery<T> {
  isPending: boolean;
  error: unknown;
  data?: { data: T[]; pagination: PageInfo };
}

function SortHeader<T>({ column, sorting }: { column: Column<T> & { sort: { asc: string; desc?: string } }; sorting: Sorting }) {
  const { asc, desc } = column.sort;
  const state = sorting.value === asc ? 'ascending' : desc && sorting.value === desc ? 'descending' : undefined;
  return (
    <th scope="col" className={column.className} aria-sort={state}>
      <button type="button" className="th-sort" onClick={() => sorting.onSort(state === 'ascending' && desc ? desc : asc)}>
        {column.header}
        <span className="arrow" aria-hidden="true">{state === 'ascending' ? '↑' : state === 'descending' ? '↓' : '↕'}</span>
      </button>
    </th>
  );
}

/**
 * A table of `rows` described by `columns` (headers sortable when `sorting` is given; a checkbox
 * column when `select` is given); `rowKey` gets the row and its index.
 */
export function Table<T>({ rows, columns, rowKey, sorting, select }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T, index: number) => string; sorting?: Sorting; select?: RowSelect<T> }) {
  const { t } = useTranslation();
  return (
    <TableScroll><table className="table">
      <thead>
        <tr>
          {select ? (
            <th scope="col" className="select-cell">
              <input type="checkbox" checked={select.allSelected} onChange={select.toggleAll} aria-label={t('admin.list.selectPage')} />
            </th>
          ) : null}
          {columns.map((c, i) =>
            c.sort && sorting ? <SortHeader key={i} column={{ ...c, sort: c.sort }} sorting={sorting} /> : <th key={i} scope="col" className={c.className}>{c.header}</th>,
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, r) => (
          <tr key={rowKey(row, r)}>
            {select ? (
              <td className="select-cell">
                <input type="checkbox" checked={select.isSelected(row)} onChange={() => select.toggle(row)} aria-label={t('admin.list.selectRow', { name: select.name(row) })} />
              </td>
            ) : null}
            {columns.map((c, i) => (c.rowHeader ? <th key={i} scope="row" className={c.className}>{c.cell(row)}</th> : <td key={i} className={c.className}>{c.cell(row)}</td>))}
          </tr>
        ))}
      </tbody>
    </table></TableScroll>
  );
}

/** The named views as a group of toggle buttons ("All" first). */
function ViewBar({ views }: { views: Views }) {
  const all = [{ value: null, label: views.allLabel }, ...views.options];
  return (
    <div className="views" role="group" aria-label={views.label}>
      {all.map((v) => (
        <Button key={v.value ?? ''} variant="secondary" className="btn-small" aria-pressed={views.value === v.value} onClick={() => views.onChange(v.value)}>{v.label}</Button>
      ))}
    </div>
  );
}

/** The "Export CSV" button: runs `run` (a download), disabled meanwhile, with its error. */
function ExportButton({ run }: { run: () => Promise<void> }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ pending: boolean; error: unknown }>({ pending: false, error: null });
  const click = () => {
    setState({ pending: true, error: null });
    run().then(() => setState({ pending: false, error: null }), (error: unknown) => setState({ pending: false, error }));
  };
  return (
    <>
      <Button variant="secondary" onClick={click} disabled={state.pending}>{state.pending ? t('admin.list.exporting') : t('admin.list.export')}</Button>
      <ErrorMessage error={state.error} />
    </>
  );
}

/**
 * Renders `query`: above it the named `views` and the `onExport` button when given; while loading
 * a spinner, on error the problem, else the result count (when `count`), `empty` or the table
 * (with row checkboxes and a bar of bulk actions for the selected rows when `selection` is given),
 * and pagination (when `onPage` is given; `pagesLabel` names it).
 */
export function DataTable<T>({ query, columns, rowKey, empty, count = false, onPage, pagesLabel, sorting, views, onExport, selection }: {
  query: ListQuery<T>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  empty: ReactNode;
  count?: boolean;
  onPage?: (page: number) => void;
  pagesLabel?: string;
  sorting?: Sorting;
  views?: Views;
  onExport?: () => Promise<void>;
  selection?: Selection<T>;
}) {
  const { t, i18n } = useTranslation();
  const answer = query.data;
  const [selected, setSelected] = useState<Map<string, T>>(new Map());
  const rows = answer?.data ?? [];
  const clear = () => setSelected(new Map());
  const select: RowSelect<T> | undefined = selection && {
    name: selection.name,
    isSelected: (row) => selected.has(rowKey(row)),
    toggle: (row) => {
      const next = new Map(selected);
      if (next.has(rowKey(row))) next.delete(rowKey(row));
      else next.set(rowKey(row), row);
      setSelected(next);
    },
    allSelected: rows.length > 0 && rows.every((row) => selected.has(rowKey(row))),
    toggleAll: () => {
      const next = new Map(selected);
      const all = rows.every((row) => next.has(rowKey(row)));
      for (const row of rows) {
        if (all) next.delete(rowKey(row));
        else next.set(rowKey(row), row);
      }
      setSelected(next);
    },
  };
  return (
    <>
      {views || onExport ? (
        <div className="list-bar">
          {views ? <ViewBar views={views} /> : <span />}
          {onExport ? <div className="row"><ExportButton run={onExport} /></div> : null}
        </div>
      ) : null}
      {selection && selected.size > 0 ? (
        <div className="bulk-bar card" role="region" aria-label={t('admin.list.bulkActions')}>
          <strong>{t('admin.list.selected', { count: selected.size, formatted: formatNumber(selected.size, i18n.language) })}</strong>
          {selection.actions([...selected.values()], clear)}
          <Button variant="secondary" className="btn-small" onClick={clear}>{t('admin.list.clearSelection')}</Button>
        </div>
      ) : null}
      <QueryState query={query}>
        {answer ? (
          <>
            {count ? <p className="muted" role="status">{t('admin.resultCount', { count: answer.pagination.total, formatted: formatNumber(answer.pagination.total, i18n.language) })}</p> : null}
            {answer.data.length === 0 ? <EmptyState>{empty}</EmptyState> : <Table rows={answer.data} columns={columns} rowKey={rowKey} sorting={sorting} select={select} />}
            {onPage ? <Pagination {...answer.pagination} onPage={onPage} label={pagesLabel} /> : null}
          </>
        ) : null}
      </QueryState>
    </>
  );
}
