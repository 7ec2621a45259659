/** `/account/addresses`: the customer's address book: add, change, delete, choose the default shipping and billing addresses. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { Alert, Badge, Button, EmptyState, Field, Loading } from '../../ui';
import { useMe } from '../../features/account/api';
import { useAddresses, useDeleteAddress, useSaveAddress, type AddressInput, type SavedAddress } from '../../features/account/addresses';
import { AddressFields, addressErrors } from '../../features/account/AddressForm';
import { addressLines } from '../../lib/address';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

const EMPTY: AddressInput = { label: '', firstName: '', lastName: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: 'GB', phone: '' };

function AddressEditor({ initial, id, onDone }: { initial: AddressInput; id: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const save = useSaveAddress();
  const [v, setV] = useState<AddressInput>(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id, input: v }, { onSuccess: onDone });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="address-editor">
      <h2 id="address-editor">{t(id ? 'store.addresses.edit' : 'store.addresses.add')}</h2>
      <Field label={t('store.addresses.label')} value={v.label ?? ''} maxLength={60} onChange={(e) => setV({ ...v, label: e.target.value })} />
      <AddressFields value={v} onChange={(next) => setV({ ...v, ...next })} errors={addressErrors(save.error, 'body/')} />
      <label className="row" style={{ gap: 6 }}>
        <input type="checkbox" checked={!!v.defaultShipping} onChange={(e) => setV({ ...v, defaultShipping: e.target.checked })} /> {t('store.addresses.defaultShipping')}
      </label>
      <label className="row" style={{ gap: 6 }}>
        <input type="checkbox" checked={!!v.defaultBilling} onChange={(e) => setV({ ...v, defaultBilling: e.target.checked })} /> {t('store.addresses.defaultBilling')}
      </label>
      {save.isError ? <Alert>{message(save.error)}</Alert> : null}
      <div className="row">
        <Button type="submit" disabled={save.isPending}>{t('store.addresses.save')}</Button>
        <Button type="button" variant="secondary" onClick={onDone}>{t('store.addresses.cancel')}</Button>
      </div>
    </form>
  );
}

function AddressCard({ address, onEdit }: { address: SavedAddress; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const remove = useDeleteAddress();
  const name = address.label || t('store.addresses.unnamed');
  return (
    <li className="card stack">
      <h3>
        {name} {address.defaultShipping ? <Badge tone="success">{t('store.addresses.defaultShipping')}</Badge> : null}{' '}
        {address.defaultBilling ? <Badge tone="success">{t('store.addresses.defaultBilling')}</Badge> : null}
      </h3>
      <address>{addressLines(address, i18n.language).map((l, i) => <span key={i}>{l}<br /></span>)}{address.phone ? <span>{address.phone}</span> : null}</address>
      {remove.isError ? <Alert>{message(remove.error)}</Alert> : null}
      <div className="row">
        <Button variant="secondary" className="btn-small" onClick={onEdit}>{t('store.addresses.edit')}<span className="sr-only"> — {name}</span></Button>
        <Button variant="danger" className="btn-small" disabled={remove.isPending} onClick={() => { if (window.confirm(t('store.addresses.confirmDelete', { name }))) remove.mutate(address.id); }}>
          {t('store.addresses.delete')}<span className="sr-only"> — {name}</span>
        </Button>
      </div>
    </li>
  );
}

/** The address book page (signed-in only; guests are sent to /login). */
export default function AccountAddresses() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  useTitle(t('store.addresses.title'));
  const me = useMe();
  const book = useAddresses(!!me.data);
  const [editing, setEditing] = useState<{ id: string | null; initial: AddressInput } | null>(null);
  if (me.isPending) return <Loading />;
  if (!me.data) return <Navigate to="/login?next=/account/addresses" replace />;
  return (
    <div className="stack">
      <p><Link to="/account">← {t('store.account.title')}</Link></p>
      <div className="row space-between">
        <h1>{t('store.addresses.title')}</h1>
        {editing ? null : <Button onClick={() => setEditing({ id: null, initial: { ...EMPTY, firstName: me.data?.firstName ?? '', lastName: me.data?.lastName ?? '' } })}>{t('store.addresses.add')}</Button>}
      </div>
      {editing ? <AddressEditor key={editing.id ?? 'new'} id={editing.id} initial={editing.initial} onDone={() => setEditing(null)} /> : null}
      {book.isPending ? (
        <Loading />
      ) : book.isError ? (
        <Alert>{message(book.error)}</Alert>
      ) : book.data.length === 0 ? (
        <EmptyState>{t('store.addresses.empty')}</EmptyState>
      ) : (
        <ul className="plain-list stack">
          {book.data.map((a) => (
            <AddressCard key={a.id} address={a} onEdit={() => setEditing({ id: a.id, initial: { ...EMPTY, ...a } })} />
          ))}
        </ul>
      )}
    </div>
  );
}
