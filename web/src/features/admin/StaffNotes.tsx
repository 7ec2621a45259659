/** Staff's tags and notes on an order or a customer: the tags as one comma-separated field, the notes newest first with their authors. */
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { Alert, Button, EmptyState, Field, TextAreaField } from '../../ui';
import { ErrorMessage } from './components';

/** A staff note as the API answers it. */
export interface StaffNote {
  id: string;
  body: string;
  authorName: string | null;
  at: string;
}

/** `a, B ,, c` → `['a', 'B', 'c']`. */
const splitTags = (text: string) => text.split(',').map((t) => t.trim()).filter((t) => t.length > 0);

/**
 * The tags form and the notes (list and "add" form). `saveTags` and `addNote` write through the
 * API; the caller refreshes what it shows from their answers. `canWrite` false shows them read-only.
 */
export function StaffNotes({ tags, notes, canWrite, saveTags, addNote }: {
  tags: string[];
  notes: StaffNote[];
  canWrite: boolean;
  saveTags: (tags: string[]) => Promise<unknown>;
  addNote: (body: string) => Promise<unknown>;
}) {
  const { t, i18n } = useTranslation();
  const [tagText, setTagText] = useState(tags.join(', '));
  const [note, setNote] = useState('');
  const tagsSave = useMutation({ mutationFn: () => saveTags(splitTags(tagText)) });
  const noteAdd = useMutation({ mutationFn: () => addNote(note), onSuccess: () => setNote('') });
  const submitTags = (e: FormEvent) => {
    e.preventDefault();
    tagsSave.mutate();
  };
  const submitNote = (e: FormEvent) => {
    e.preventDefault();
    if (note.trim()) noteAdd.mutate();
  };
  return (
    <div className="stack">
      {canWrite ? (
        <form className="stack" onSubmit={submitTags}>
          <div className="toolbar">
            <Field label={t('admin.order.tags')} name="tags" value={tagText} onChange={(e) => setTagText(e.target.value)} hint={t('admin.order.tagsHint')} />
            <Button type="submit" variant="secondary" disabled={tagsSave.isPending}>{t('admin.order.saveTags')}</Button>
          </div>
          {tagsSave.isSuccess ? <Alert kind="success">{t('admin.order.tagsSaved')}</Alert> : null}
          <ErrorMessage error={tagsSave.error} />
        </form>
      ) : (
        <p><strong>{t('admin.order.tags')}:</strong> {tags.length ? tags.join(', ') : '—'}</p>
      )}
      <h3>{t('admin.order.notes')}</h3>
      {notes.length === 0 ? <EmptyState>{t('admin.order.noNotes')}</EmptyState> : (
        <ul className="stack plain-list">
          {notes.map((n) => (
            <li key={n.id} className="card">
              <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }}>{n.body}</p>
              <p className="muted" style={{ margin: 0 }}>
                <time dateTime={n.at}>{formatDateTime(n.at, i18n.language)}</time>{n.authorName ? ` · ${t('admin.order.byWhom', { name: n.authorName })}` : null}
              </p>
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form className="stack" onSubmit={submitNote}>
          <TextAreaField label={t('admin.order.noteLabel')} name="note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          <div><Button type="submit" variant="secondary" disabled={noteAdd.isPending || !note.trim()}>{t('admin.order.addNote')}</Button></div>
          <ErrorMessage error={noteAdd.error} />
        </form>
      ) : null}
    </div>
  );
}
