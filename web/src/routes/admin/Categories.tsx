/**
 * Category tree editing: create under a parent (or at the root), rename, move, delete empty
 * categories (the delete button is disabled, with the reason shown, while a category has
 * subcategories or holds products of any status).
 */
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { Alert, Button, EmptyState, Field, SelectField } from '../../ui';
import { flatten, type FlatCategory } from '../../features/products/categories';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { createCategory, deleteCategory, updateCategory, useAdminCategoryTree, type AdminCategoryNode } from '../../features/products/api';

type Mode = { kind: 'rename' | 'move' | 'add'; id: string } | null;

function useCategoryMutation<V>(fn: (v: V) => Promise<unknown>, onDone?: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['admin', 'categories'] });
      onDone?.();
    },
  });
}

/** Descendant ids of a node (a category cannot move under itself or its descendants). */
function descendants(node: AdminCategoryNode): Set<string> {
  const out = new Set<string>([node.id]);
  for (const c of node.children) for (const id of descendants(c)) out.add(id);
  return out;
}

function NodeEditor({ node, mode, setMode, all }: { node: AdminCategoryNode; mode: Mode; setMode: (m: Mode) => void; all: FlatCategory[] }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState(node.name);
  const [child, setChild] = useState('');
  const [parent, setParent] = useState(node.parentId ?? '');
  const close = () => setMode(null);
  const rename = useCategoryMutation(() => updateCategory(node.id, { name: name.trim() }), close);
  const move = useCategoryMutation(() => updateCategory(node.id, { parentId: parent || null }), close);
  const add = useCategoryMutation(() => createCategory({ name: child.trim(), parentId: node.id }), () => { setChild(''); close(); });
  const remove = useCategoryMutation(() => deleteCategory(node.id));
  const active = mode?.id === node.id ? mode.kind : null;
  const reasonId = useId();
  // Why the category cannot be deleted yet (the server refuses it with 409 CATALOG.CATEGORY_NOT_EMPTY too).
  const blocked = node.children.length > 0
    ? t('admin.categories.hasChildren')
    : node.heldProducts > 0
      ? t('admin.categories.holdsProducts', { count: node.heldProducts, formatted: formatNumber(node.heldProducts, i18n.language) })
      : null;
  const excluded = descendants(node);
  const submit = (m: { mutate: (v: undefined) => void }) => (e: FormEvent) => {
    e.preventDefault();
    m.mutate(undefined);
  };

  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row" style={{ gap: 8 }}>
        <strong>{node.name}</strong>
        <span className="muted">{t('admin.categories.count', { count: node.productCount, formatted: formatNumber(node.productCount, i18n.language) })}</span>
        <Button variant="secondary" className="btn-small" aria-expanded={active === 'rename'} onClick={() => setMode(active === 'rename' ? null : { kind: 'rename', id: node.id })}>{t('admin.categories.rename')}<span className="sr-only"> {node.name}</span></Button>
        <Button variant="secondary" className="btn-small" aria-expanded={active === 'move'} onClick={() => setMode(active === 'move' ? null : { kind: 'move', id: node.id })}>{t('admin.categories.move')}<span className="sr-only"> {node.name}</span></Button>
        <Button variant="secondary" className="btn-small" aria-expanded={active === 'add'} onClick={() => setMode(active === 'add' ? null : { kind: 'add', id: node.id })}>{t('admin.categories.addChild')}<span className="sr-only"> {node.name}</span></Button>
        <Button variant="danger" className="btn-small" disabled={!!blocked || remove.isPending} aria-describedby={blocked ? reasonId : undefined} onClick={() => remove.mutate(undefined)}>{t('admin.categories.delete')}<span className="sr-only"> {node.name}</span></Button>
        {blocked ? <span id={reasonId} className="muted delete-reason">{blocked}</span> : null}
      </div>
      <ErrorMessage error={remove.error} />
      {active === 'rename' ? (
        <form className="toolbar" onSubmit={submit(rename)}>
          <Field label={t('admin.categories.newName')} required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <Button type="submit" disabled={!name.trim() || rename.isPending}>{t('admin.save')}</Button>
          <Button variant="secondary" onClick={close}>{t('admin.cancel')}</Button>
          <ErrorMessage error={rename.error} />
        </form>
      ) : null}
      {active === 'move' ? (
        <form className="toolbar" onSubmit={submit(move)}>
          <SelectField label={t('admin.categories.newParent')} value={parent} onChange={(e) => setParent(e.target.value)} autoFocus>
            <option value="">{t('admin.categories.root')}</option>
            {all.filter((c) => !excluded.has(c.node.id)).map((c) => <option key={c.node.id} value={c.node.id}>{c.path}</option>)}
          </SelectField>
          <Button type="submit" disabled={move.isPending}>{t('admin.categories.move')}</Button>
          <Button variant="secondary" onClick={close}>{t('admin.cancel')}</Button>
          <ErrorMessage error={move.error} />
        </form>
      ) : null}
      {active === 'add' ? (
        <form className="toolbar" onSubmit={submit(add)}>
          <Field label={t('admin.categories.childName', { parent: node.name })} required value={child} onChange={(e) => setChild(e.target.value)} autoFocus />
          <Button type="submit" disabled={!child.trim() || add.isPending}>{t('admin.categories.create')}</Button>
          <Button variant="secondary" onClick={close}>{t('admin.cancel')}</Button>
          <ErrorMessage error={add.error} />
        </form>
      ) : null}
    </div>
  );
}

function Tree({ nodes, mode, setMode, all }: { nodes: AdminCategoryNode[]; mode: Mode; setMode: (m: Mode) => void; all: FlatCategory[] }) {
  return (
    <ul>
      {nodes.map((n) => (
        <li key={n.id}>
          <NodeEditor node={n} mode={mode} setMode={setMode} all={all} />
          {n.children.length ? <Tree nodes={n.children} mode={mode} setMode={setMode} all={all} /> : null}
        </li>
      ))}
    </ul>
  );
}

function CategoryPage() {
  const { t } = useTranslation();
  const query = useAdminCategoryTree();
  const [mode, setMode] = useState<Mode>(null);
  const [root, setRoot] = useState('');
  const addRoot = useCategoryMutation(() => createCategory({ name: root.trim(), parentId: null }), () => setRoot(''));
  const nodes = query.data?.data ?? [];
  return (
    <>
      <PageTitle>{t('admin.categories.title')}</PageTitle>
      <p className="muted">{t('admin.categories.help')}</p>
      <form className="toolbar card" onSubmit={(e) => { e.preventDefault(); addRoot.mutate(undefined); }}>
        <Field label={t('admin.categories.rootName')} value={root} onChange={(e) => setRoot(e.target.value)} />
        <Button type="submit" disabled={!root.trim() || addRoot.isPending}>{t('admin.categories.addRoot')}</Button>
      </form>
      <ErrorMessage error={addRoot.error} />
      {addRoot.isSuccess ? <Alert kind="success">{t('admin.categories.created')}</Alert> : null}
      <QueryState query={query}>
        {nodes.length === 0 ? <EmptyState>{t('admin.categories.none')}</EmptyState> : (
          <div className="tree" role="group" aria-label={t('admin.categories.tree')}>
            <Tree nodes={nodes} mode={mode} setMode={setMode} all={flatten(nodes)} />
          </div>
        )}
      </QueryState>
    </>
  );
}

/** The /admin/categories page. */
export default function Categories() {
  return <RequirePermission permission="catalog:write"><CategoryPage /></RequirePermission>;
}
