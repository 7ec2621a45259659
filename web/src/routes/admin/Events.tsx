/** Dead-lettered events: what failed, how often, the last error, and a retry button. */
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Alert, Button, EmptyState, Pagination } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import type { DeadLetter, Paged } from '../../features/admin/types';

function Row({ d }: { d: DeadLetter }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const retry = useMutation({
    mutationFn: () => api(`/api/admin/events/dead-letters/${encodeURIComponent(d.id)}/retry`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'dead-letters'] }),
  });
  return (
    <tr>
      <td><code>{d.type}</code><div className="muted">{d.aggregateId ?? ''}</div></td>
      <td className="hide-mobile">{formatDateTime(d.occurredAt, i18n.language)}</td>
      <td className="num">{formatNumber(d.attempts, i18n.language)}</td>
      <td>
        <span>{d.lastError ?? '—'}</span>
        <details>
          <summary>{t('admin.events.payload')}</summary>
          <pre className="pre">{JSON.stringify(d.payload, null, 2)}</pre>
        </details>
      </td>
      <td>
        {can('events:write') ? <Button className="btn-small" disabled={retry.isPending || retry.isSuccess} onClick={() => retry.mutate()}>{t('admin.events.retry')}<span className="sr-only"> {d.type} {d.id}</span></Button> : null}
        {retry.isSuccess ? <Alert kind="success">{t('admin.events.requeued')}</Alert> : null}
        <ErrorMessage error={retry.error} />
      </td>
    </tr>
  );
}

function EventsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useQuery({ queryKey: ['admin', 'dead-letters', page], queryFn: () => api<Paged<DeadLetter>>(`/api/admin/events/dead-letters?page=${page}&limit=20`), placeholderData: keepPreviousData });
  return (
    <>
      <PageTitle>{t('admin.events.title')}</PageTitle>
      <p className="muted">{t('admin.events.help')}</p>
      <QueryState query={query}>
        {query.data && query.data.data.length === 0 ? <EmptyState>{t('admin.events.none')}</EmptyState> : query.data ? (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.events.type')}</th>
                  <th scope="col" className="hide-mobile">{t('admin.events.occurredAt')}</th>
                  <th scope="col" className="num">{t('admin.events.attempts')}</th>
                  <th scope="col">{t('admin.events.lastError')}</th>
                  <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th>
                </tr>
              </thead>
              <tbody>{query.data.data.map((d) => <Row key={d.id} d={d} />)}</tbody>
            </table>
            <Pagination {...query.data.pagination} onPage={setPage} />
          </>
        ) : null}
      </QueryState>
    </>
  );
}

/** The /admin/events page. */
export default function Events() {
  return <RequirePermission permission="events:read"><EventsPage /></RequirePermission>;
}
