/** Dead-lettered events: what failed, how often, the last error, and a retry button. */
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Alert, Button } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, PageTitle, RequirePermission } from '../../features/admin/components';
import { DataTable, type Column } from '../../features/admin/DataTable';
import { listDeadLetters, retryDeadLetter, type DeadLetter } from '../../features/events/api';

/** The retry button of a dead letter, with its outcome. */
function Retry({ d }: { d: DeadLetter }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const retry = useMutation({
    mutationFn: () => retryDeadLetter(d.id),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'dead-letters'] }),
  });
  return (
    <>
      {can('events:write') ? <Button className="btn-small" disabled={retry.isPending || retry.isSuccess} onClick={() => retry.mutate()}>{t('admin.events.retry')}<span className="sr-only"> {d.type} {d.id}</span></Button> : null}
      {retry.isSuccess ? <Alert kind="success">{t('admin.events.requeued')}</Alert> : null}
      <ErrorMessage error={retry.error} />
    </>
  );
}

function EventsPage() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useQuery({ queryKey: ['admin', 'dead-letters', page], queryFn: () => listDeadLetters(page), placeholderData: keepPreviousData });
  const columns: Column<DeadLetter>[] = [
    { header: t('admin.events.type'), cell: (d) => <><code>{d.type}</code><div className="muted">{d.aggregateId ?? ''}</div></> },
    { header: t('admin.events.occurredAt'), className: 'hide-mobile', cell: (d) => formatDateTime(d.occurredAt, i18n.language) },
    { header: t('admin.events.attempts'), className: 'num', cell: (d) => formatNumber(d.attempts, i18n.language) },
    {
      header: t('admin.events.lastError'),
      cell: (d) => (
        <>
          <span>{d.lastError ?? '—'}</span>
          <details>
            <summary>{t('admin.events.payload')}</summary>
            <pre className="pre">{JSON.stringify(d.payload, null, 2)}</pre>
          </details>
        </>
      ),
    },
    { header: <span className="sr-only">{t('admin.actions')}</span>, cell: (d) => <Retry d={d} /> },
  ];
  return (
    <>
      <PageTitle>{t('admin.events.title')}</PageTitle>
      <p className="muted">{t('admin.events.help')}</p>
      <DataTable query={query} columns={columns} rowKey={(d) => d.id} empty={t('admin.events.none')} onPage={setPage} />
    </>
  );
}

/** The /admin/events page. */
export default function Events() {
  return <RequirePermission permission="events:read"><EventsPage /></RequirePermission>;
}
