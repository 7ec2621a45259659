/**
 * The back office's one list component: a table of rows described by columns ({@link Table}), the result count,
 * an empty state, sortable column headers and pagination, over one list query's
 * `{ data, pagination }` answer (loading and errors shown by {@link QueryState}).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { EmptyState, Pagination, TableScroll } from '../../ui';
import { QueryState } from './components';

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

/** A table of `rows` described by `columns` (headers sortable when `sorting` is given); `rowKey` gets the row and its index. */
export function Table<T>({ rows, columns, rowKey, sorting }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T, index: number) => string; sorting?: Sorting }) {
  return (
    <TableScroll><table className="table">
      <thead>
        <tr>
          {columns.map((c, i) =>
            c.sort && sorting ? <SortHeader key={i} column={{ ...c, sort: c.sort }} sorting={sorting} /> : <th key={i} scope="col" className={c.className}>{c.header}</th>,
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, r) => (
          <tr key={rowKey(row, r)}>
            {columns.map((c, i) => (c.rowHeader ? <th key={i} scope="row" className={c.className}>{c.cell(row)}</th> : <td key={i} className={c.className}>{c.cell(row)}</td>))}
          </tr>
        ))}
      </tbody>
    </table></TableScroll>
  );
}

/**
 * Renders `query`: while loading a spinner, on error the problem, else the result count (when
 * `count`), `empty` or the table, and pagination (when `onPage` is given; `pagesLabel` names it).
 */
export function DataTable<T>({ query, columns, rowKey, empty, count = false, onPage, pagesLabel, sorting }: {
  query: ListQuery<T>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  empty: ReactNode;
  count?: boolean;
  onPage?: (page: number) => void;
  pagesLabel?: string;
  sorting?: Sorting;
}) {
  const { t, i18n } = useTranslation();
  const answer = query.data;
  return (
    <QueryState query={query}>
      {answer ? (
        <>
          {count ? <p className="muted" role="status">{t('admin.resultCount', { count: answer.pagination.total, formatted: formatNumber(answer.pagination.total, i18n.language) })}</p> : null}
          {answer.data.length === 0 ? <EmptyState>{empty}</EmptyState> : <Table rows={answer.data} columns={columns} rowKey={rowKey} sorting={sorting} />}
          {onPage ? <Pagination {...answer.pagination} onPage={onPage} label={pagesLabel} /> : null}
        </>
      ) : null}
    </QueryState>
  );
}
