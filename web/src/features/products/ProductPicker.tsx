/** Choosing a published product in the back office: a search box (title or SKU, debounced) and a select of the first 20 matches. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, SelectField } from '../../ui';
import { useDebounced } from '../catalog/useDebounced';
import { listProducts } from './api';

/** `value` is the chosen product's id ('' when none); `label` names the select (the search box is "<label>: search"). */
export function ProductPicker({ label, value, onChange }: { label: string; value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 250);
  const matches = useQuery({
    queryKey: ['admin', 'products', 'list', 'picker', term],
    queryFn: () => listProducts({ page: 1, limit: 20, status: 'active', ...(term ? { q: term } : {}) }),
  });
  return (
    <>
      <Field label={t('admin.productPicker.search', { label })} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} aria-busy={matches.isFetching || undefined}>
        <option value="">{t('admin.productPicker.choose')}</option>
        {(matches.data?.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.title} ({p.variants.map((v) => v.sku).join(', ')})</option>)}
      </SelectField>
    </>
  );
}
