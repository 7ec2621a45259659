/** Create or edit a product: details, category (leaves only), status, variants, images, stock and its movement history. */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Alert, Button, EmptyState, Field, ProductImage, SelectField, TextAreaField } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, PageTitle, ProductStatusBadge, QueryState, RequirePermission } from '../../features/admin/components';
import { fromMinor, toMinor } from '../../features/admin/format';
import { DataTable, Table, type Column } from '../../features/admin/DataTable';
import { flatten } from '../../features/products/categories';
import { ProductPinsSection } from '../../features/recommendations/AdminPins';
import { MOVEMENT_TYPES, PRODUCT_STATUSES, recordMovement, saveImages, saveProduct, uploadProductImage, useCategoryTree, useMovements, useProduct, type AdminProduct, type AdminVariant, type Movement, type ProductImageData, type ProductStatus } from '../../features/products/api';

interface VariantForm {
  key: string;
  existing: boolean;
  sku: string;
  title: string;
  options: string;
  price: string;
  costPrice: string;
  lowStockThreshold: string;
}

interface ProductForm {
  title: string;
  slug: string;
  description: string;
  status: ProductStatus;
  categoryId: string;
  currency: string;
  variants: VariantForm[];
}

let keySeq = 0;
const newVariant = (): VariantForm => ({ key: `new-${++keySeq}`, existing: false, sku: '', title: '', options: '', price: '', costPrice: '', lowStockThreshold: '' });

/** "Colour: Red; Size: M" ⇄ { Colour: 'Red', Size: 'M' }. */
const optionsToText = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `${k}: ${v}`).join('; ');
function textToOptions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/[;\n]/)) {
    const [k, ...rest] = part.split(/[:=]/);
    const key = k?.trim();
    const value = rest.join(':').trim();
    if (key && value) out[key] = value;
  }
  return out;
}

function toForm(p: AdminProduct | undefined): ProductForm {
  if (!p) return { title: '', slug: '', description: '', status: 'draft', categoryId: '', currency: 'GBP', variants: [newVariant()] };
  const currency = p.variants[0]?.price.currency ?? 'GBP';
  return {
    title: p.title,
    slug: p.slug,
    description: p.description,
    status: p.status,
    categoryId: p.category.id,
    currency,
    variants: p.variants.map((v) => ({
      key: v.id,
      existing: true,
      sku: v.sku,
      title: v.title,
      options: optionsToText(v.options),
      price: fromMinor(v.price.amount, v.price.currency),
      costPrice: v.costPrice ? fromMinor(v.costPrice.amount, v.costPrice.currency) : '',
      lowStockThreshold: String(v.lowStockThreshold),
    })),
  };
}

function VariantFields({ index, value, currency, onChange, onRemove }: { index: number; value: VariantForm; currency: string; onChange: (v: VariantForm) => void; onRemove?: () => void }) {
  const { t } = useTranslation();
  const set = (k: keyof VariantForm) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  return (
    <fieldset className="variant stack">
      <legend>{t('admin.product.variantN', { n: index + 1 })}{value.sku ? ` — ${value.sku}` : ''}</legend>
      <div className="toolbar">
        <Field label={t('admin.products.sku')} required value={value.sku} onChange={set('sku')} readOnly={value.existing} hint={value.existing ? t('admin.product.skuFixed') : undefined} />
        <Field label={t('admin.product.variantTitle')} value={value.title} onChange={set('title')} />
        <Field label={t('admin.product.options')} value={value.options} onChange={set('options')} placeholder={t('admin.product.optionsPlaceholder')} />
      </div>
      <div className="toolbar">
        <Field label={t('admin.product.price', { currency })} inputMode="decimal" required value={value.price} onChange={set('price')} />
        <Field label={t('admin.product.costPrice', { currency })} inputMode="decimal" value={value.costPrice} onChange={set('costPrice')} />
        <Field label={t('admin.product.lowStockThreshold')} type="number" min={0} value={value.lowStockThreshold} onChange={set('lowStockThreshold')} />
        {onRemove ? <Button variant="secondary" onClick={onRemove}>{t('admin.product.removeVariant', { n: index + 1 })}</Button> : null}
      </div>
    </fieldset>
  );
}

/**
 * The product's images: each with its English and French alternative texts, moved up or down or
 * removed, then saved at once; and the upload form (the file picker is emptied after an upload).
 */
function Images({ product }: { product: AdminProduct }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const inputId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [images, setImages] = useState<ProductImageData[]>(product.images);
  const [baseline, setBaseline] = useState(product.images);
  // A new upload (or another tab's save) replaces the edited list.
  if (baseline !== product.images) {
    setBaseline(product.images);
    setImages(product.images);
  }
  const saved = (p: AdminProduct) => {
    qc.setQueryData(['admin', 'products', 'one', product.id], p);
    void qc.invalidateQueries({ queryKey: ['admin', 'products', 'list'] });
  };
  const upload = useMutation({
    mutationFn: (f: File) => uploadProductImage(product.id, f),
    onSuccess: (p) => {
      saved(p);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    },
  });
  const save = useMutation({ mutationFn: () => saveImages(product.id, images), onSuccess: saved });
  const writable = can('catalog:write');
  const dirty = JSON.stringify(images) !== JSON.stringify(product.images);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  const move = (from: number, to: number) => {
    const next = [...images];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    setImages(next);
  };
  const setAlt = (i: number, key: 'alt' | 'altFr', value: string) => setImages(images.map((img, j) => (j === i ? { ...img, [key]: value } : img)));
  return (
    <section className="stack" aria-labelledby="images-title">
      <h2 id="images-title">{t('admin.product.images')}</h2>
      {images.length === 0 ? <EmptyState>{t('admin.product.noImages')}</EmptyState> : (
        <ol className="image-list">
          {images.map((img, i) => (
            <li key={img.url} className="image-item card">
              <ProductImage images={[img]} alt={img.alt ?? product.title} />
              <fieldset className="stack" disabled={!writable} style={{ border: 0, padding: 0, margin: 0 }}>
                <legend className="sr-only">{t('admin.product.imageN', { n: i + 1 })}</legend>
                <div className="toolbar">
                  <Field label={t('admin.product.altEn')} value={img.alt ?? ''} maxLength={300} onChange={(e) => setAlt(i, 'alt', e.target.value)} />
                  <Field label={t('admin.product.altFr')} lang="fr" value={img.altFr ?? ''} maxLength={300} onChange={(e) => setAlt(i, 'altFr', e.target.value)} />
                </div>
                <div className="row" style={{ gap: 8 }}>
                  <Button variant="secondary" className="btn-small" disabled={i === 0} onClick={() => move(i, i - 1)}>{t('admin.product.moveUp', { n: i + 1 })}</Button>
                  <Button variant="secondary" className="btn-small" disabled={i === images.length - 1} onClick={() => move(i, i + 1)}>{t('admin.product.moveDown', { n: i + 1 })}</Button>
                  <Button variant="danger" className="btn-small" onClick={() => setImages(images.filter((_, j) => j !== i))}>{t('admin.product.removeImage', { n: i + 1 })}</Button>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
      )}
      {writable && (dirty || save.isSuccess || save.error) ? (
        <div className="row" style={{ gap: 8 }}>
          <Button disabled={!dirty || save.isPending} onClick={() => save.mutate()}>{t('admin.product.saveImages')}</Button>
          {dirty ? <Button variant="secondary" onClick={() => setImages(product.images)}>{t('admin.cancel')}</Button> : null}
          {!dirty && save.isSuccess ? <Alert kind="success">{t('admin.product.imagesSaved')}</Alert> : null}
        </div>
      ) : null}
      <ErrorMessage error={save.error} />
      {writable ? (
        <form className="toolbar" onSubmit={submit}>
          <div className="field">
            <label htmlFor={inputId}>{t('admin.product.imageFile')}</label>
            <input ref={fileInput} id={inputId} type="file" accept="image/jpeg,image/png,image/webp,image/gif" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <Button type="submit" disabled={!file || upload.isPending}>{t('admin.product.upload')}</Button>
        </form>
      ) : null}
      {upload.isSuccess ? <Alert kind="success">{t('admin.product.uploaded')}</Alert> : null}
      <ErrorMessage error={upload.error} />
    </section>
  );
}

function Movements({ sku }: { sku: string }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useMovements(sku, page);
  const columns: Column<Movement>[] = [
    { header: t('admin.product.date'), cell: (m) => formatDateTime(m.createdAt, i18n.language) },
    { header: t('admin.product.movementType'), cell: (m) => t(`admin.movementType.${m.type}`) },
    { header: t('admin.product.quantity'), className: 'num', cell: (m) => <>{m.quantity > 0 ? '+' : ''}{formatNumber(m.quantity, i18n.language)}</> },
    { header: t('admin.product.onHandAfter'), className: 'num', cell: (m) => formatNumber(m.onHandAfter, i18n.language) },
    { header: t('admin.product.reason'), cell: (m) => m.reason },
    { header: t('admin.product.movedBy'), cell: (m) => m.actorName ?? (m.actor ? t('admin.product.unknownStaff') : '—') },
  ];
  return (
    <section className="stack" aria-labelledby="movements-title">
      <h3 id="movements-title">{t('admin.product.movementsOf', { sku })}</h3>
      <DataTable query={query} columns={columns} rowKey={(m) => m.id} empty={t('admin.product.noMovements')} onPage={setPage} pagesLabel={t('admin.product.movementsPages')} />
    </section>
  );
}

function Stock({ product }: { product: AdminProduct }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const [sku, setSku] = useState(product.variants[0]?.sku ?? '');
  const [quantity, setQuantity] = useState('');
  const [type, setType] = useState<(typeof MOVEMENT_TYPES)[number]>('receipt');
  const [reason, setReason] = useState('');
  const record = useMutation({
    mutationFn: () => recordMovement({ sku, quantity: Number(quantity), type, reason }),
    onSuccess: async () => {
      setQuantity('');
      setReason('');
      await qc.invalidateQueries({ queryKey: ['admin', 'movements', sku] });
      await qc.invalidateQueries({ queryKey: ['admin', 'products'] });
      await qc.invalidateQueries({ queryKey: ['admin', 'inventory'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate();
  };
  const qty = Number(quantity);
  const valid = quantity.trim() !== '' && Number.isInteger(qty) && qty !== 0 && reason.trim() !== '';
  const columns: Column<AdminVariant>[] = [
    { header: t('admin.products.sku'), rowHeader: true, cell: (v) => v.sku },
    { header: t('admin.products.onHand'), className: 'num', cell: (v) => formatNumber(v.onHand, i18n.language) },
    { header: t('admin.product.available'), className: 'num', cell: (v) => formatNumber(v.available, i18n.language) },
    { header: t('admin.products.threshold'), className: 'num hide-mobile', cell: (v) => formatNumber(v.lowStockThreshold, i18n.language) },
    {
      header: <span className="sr-only">{t('admin.product.history')}</span>,
      // Visibly "History" (the row names the SKU), "History 226361" to screen readers.
      cell: (v) => <Button variant="secondary" className="btn-small" aria-pressed={sku === v.sku} onClick={() => setSku(v.sku)}>{t('admin.product.history')}<span className="sr-only"> {v.sku}</span></Button>,
    },
  ];
  return (
    <section className="stack" aria-labelledby="stock-title">
      <h2 id="stock-title">{t('admin.product.stock')}</h2>
      <Table rows={product.variants} columns={columns} rowKey={(v) => v.sku} />
      {can('inventory:write') && sku ? (
        <form className="card stack" onSubmit={submit} aria-labelledby="movement-title">
          <h3 id="movement-title">{t('admin.product.recordMovement')}</h3>
          <div className="toolbar">
            <SelectField label={t('admin.products.sku')} value={sku} onChange={(e) => setSku(e.target.value)}>
              {product.variants.map((v) => <option key={v.sku} value={v.sku}>{v.sku}</option>)}
            </SelectField>
            <SelectField label={t('admin.product.movementType')} value={type} onChange={(e) => setType(e.target.value as typeof type)}>
              {MOVEMENT_TYPES.map((m) => <option key={m} value={m}>{t(`admin.movementType.${m}`)}</option>)}
            </SelectField>
            <Field label={t('admin.product.quantitySigned')} type="number" step={1} required value={quantity} onChange={(e) => setQuantity(e.target.value)} />
            <Field label={t('admin.product.reason')} required value={reason} onChange={(e) => setReason(e.target.value)} />
            <Button type="submit" disabled={!valid || record.isPending}>{t('admin.product.record')}</Button>
          </div>
          {record.isSuccess ? <Alert kind="success">{t('admin.product.recorded')}</Alert> : null}
          <ErrorMessage error={record.error} />
        </form>
      ) : null}
      {sku ? <Movements key={sku} sku={sku} /> : null}
    </section>
  );
}

function Editor({ product }: { product?: AdminProduct }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const categories = useCategoryTree();
  const [form, setForm] = useState<ProductForm>(() => toForm(product));
  const [problems, setProblems] = useState<string[]>([]);
  const writable = can('catalog:write');

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => saveProduct(product?.id, body as Parameters<typeof saveProduct>[1]),
    onSuccess: async (saved) => {
      qc.setQueryData(['admin', 'products', 'one', saved.id], saved);
      await qc.invalidateQueries({ queryKey: ['admin', 'products', 'list'] });
      await qc.invalidateQueries({ queryKey: ['admin', 'categories'] });
      if (!product) void navigate(`/admin/products/${saved.id}`, { replace: true, state: { created: true } });
      else setForm(toForm(saved));
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: string[] = [];
    if (!form.title.trim()) errs.push(t('admin.product.errTitle'));
    if (!form.categoryId) errs.push(t('admin.product.errCategory'));
    const variants = form.variants.map((v, i) => {
      const price = toMinor(v.price, form.currency);
      const cost = v.costPrice.trim() ? toMinor(v.costPrice, form.currency) : null;
      if (!v.sku.trim()) errs.push(t('admin.product.errSku', { n: i + 1 }));
      if (price === null || price < 0) errs.push(t('admin.product.errPrice', { n: i + 1 }));
      if (v.costPrice.trim() && (cost === null || cost < 0)) errs.push(t('admin.product.errCost', { n: i + 1 }));
      return {
        sku: v.sku.trim(),
        ...(v.title.trim() ? { title: v.title.trim() } : {}),
        options: textToOptions(v.options),
        price: { amount: price ?? 0, currency: form.currency },
        costPrice: cost === null ? null : { amount: cost, currency: form.currency },
        ...(v.lowStockThreshold.trim() ? { lowStockThreshold: Number(v.lowStockThreshold) } : {}),
      };
    });
    if (variants.length === 0) errs.push(t('admin.product.errVariants'));
    setProblems(errs);
    if (errs.length) return;
    save.mutate({
      title: form.title.trim(),
      ...(form.slug.trim() ? { slug: form.slug.trim() } : {}),
      description: form.description,
      status: form.status,
      categoryId: form.categoryId,
      variants,
    });
  };

  const set = (k: 'title' | 'slug' | 'description' | 'categoryId' | 'currency') => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const title = product ? product.title : t('admin.product.newTitle');
  return (
    <>
      <p><Link to="/admin/products">← {t('admin.product.back')}</Link></p>
      <PageTitle actions={product ? <ProductStatusBadge status={product.status} /> : null}>{title}</PageTitle>
      <form className="stack" onSubmit={submit} noValidate aria-label={t('admin.product.formLabel')}>
        <fieldset className="card stack" disabled={!writable}>
          <legend className="sr-only">{t('admin.product.details')}</legend>
          <h2>{t('admin.product.details')}</h2>
          <div className="two-col">
            <Field label={t('admin.product.title')} required value={form.title} onChange={set('title')} />
            <Field label={t('admin.product.slug')} value={form.slug} onChange={set('slug')} hint={t('admin.product.slugHint')} />
          </div>
          <TextAreaField label={t('admin.product.description')} value={form.description} onChange={set('description')} rows={4} />
          <div className="toolbar">
            <SelectField label={t('admin.products.category')} required value={form.categoryId} onChange={set('categoryId')}>
              <option value="">{t('admin.product.chooseCategory')}</option>
              {flatten(categories.data?.data ?? []).map((c) => <option key={c.node.id} value={c.node.id} disabled={!c.leaf}>{c.path}</option>)}
            </SelectField>
            <SelectField label={t('admin.products.status')} value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value as ProductStatus })}>
              {PRODUCT_STATUSES.map((s) => <option key={s} value={s}>{t(`admin.productStatus.${s}`)}</option>)}
            </SelectField>
            <Field label={t('admin.product.currency')} value={form.currency} onChange={set('currency')} maxLength={3} readOnly={!!product} />
          </div>
          <small className="muted">{t('admin.product.leafOnly')}</small>
        </fieldset>
        <fieldset className="card stack" disabled={!writable}>
          <legend className="sr-only">{t('admin.product.variants')}</legend>
          <h2>{t('admin.product.variants')}</h2>
          {form.variants.map((v, i) => (
            <VariantFields key={v.key} index={i} value={v} currency={form.currency}
              onChange={(next) => setForm({ ...form, variants: form.variants.map((x) => (x.key === v.key ? next : x)) })}
              onRemove={!v.existing && form.variants.length > 1 ? () => setForm({ ...form, variants: form.variants.filter((x) => x.key !== v.key) }) : undefined} />
          ))}
          <div><Button variant="secondary" onClick={() => setForm({ ...form, variants: [...form.variants, newVariant()] })}>{t('admin.product.addVariant')}</Button></div>
        </fieldset>
        {problems.length ? <Alert><ul style={{ margin: 0, paddingLeft: 20 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul></Alert> : null}
        <ErrorMessage error={save.error} />
        {save.isSuccess && product ? <Alert kind="success">{t('admin.product.saved')}</Alert> : null}
        {writable ? <div><Button type="submit" disabled={save.isPending}>{product ? t('admin.product.save') : t('admin.product.create')}</Button></div> : null}
      </form>
      {product ? <Images product={product} /> : null}
      {product && can('inventory:read') ? <Stock product={product} /> : null}
      {product ? <ProductPinsSection productId={product.id} /> : null}
    </>
  );
}

function EditPage() {
  const { id } = useParams();
  const query = useProduct(id);
  if (!id) return <Editor />;
  return <QueryState query={query}>{query.data ? <Editor key={query.data.id} product={query.data} /> : null}</QueryState>;
}

/** The /admin/products/new and /admin/products/:id pages. */
export default function ProductEdit() {
  return <RequirePermission permission="catalog:read"><EditPage /></RequirePermission>;
}
