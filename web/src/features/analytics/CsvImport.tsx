/** An upload form for a CSV that answers an import report (stores, targets), and the report (also when the file is refused for its rejected rows). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from '../../ui';
import { ErrorMessage } from '../admin/components';
import { rejectedReport, useWrite } from './api';
import { ImportReportView } from './components';
import type { ImportReport } from './types';

/** An upload form for a CSV that answers an import report (stores, targets); `option` adds a checkbox whose value `run` gets. */
export function CsvImport({ title, help, run, option }: { title: string; help: string; run: (file: File, flag: boolean) => Promise<ImportReport>; option?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [flag, setFlag] = useState(false);
  const upload = useWrite((f: File) => run(f, flag));
  // A file with rejected rows is refused whole (422): its report lists the rows by line and reason.
  const refused = rejectedReport(upload.error);
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="muted" style={{ margin: 0 }}>{help}</p>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); if (file) upload.mutate(file); }}>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('analytics.imports.file')}</label>
          <input id={`${id}-file`} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        {option ? (
          <label className="checkbox">
            <input type="checkbox" checked={flag} onChange={(e) => setFlag(e.target.checked)} />
            {option}
          </label>
        ) : null}
        <Button type="submit" disabled={!file || upload.isPending}>{upload.isPending ? t('analytics.imports.running') : t('analytics.imports.upload')}</Button>
      </form>
      <ErrorMessage error={upload.error} />
      {refused ? <ImportReportView report={refused} /> : null}
      {upload.data ? <><Alert kind="success">{t('analytics.imports.done')}</Alert><ImportReportView report={upload.data} /></> : null}
    </section>
  );
}

