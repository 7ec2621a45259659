/** The back office's site switcher, the note a list shows while it is scoped to one site, and site checkboxes for forms. */
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui';
import { useCan } from '../admin/auth';
import { setAdminSite, useAdminSite, useSites } from './api';

/** A select of every site (and "All sites") in the back-office header; shown when there are two sites or more and the user may read them. */
export function SiteSwitcher() {
  const { t } = useTranslation();
  const can = useCan();
  const allowed = can('sites:read');
  const sites = useSites(allowed);
  const current = useAdminSite();
  const list = sites.data?.data ?? [];
  if (!allowed || list.length < 2) return null;
  return (
    <label className="row" style={{ gap: 6 }}>
      <span>{t('admin.sites.switcher')}</span>
      <select value={current} onChange={(e) => setAdminSite(e.target.value)} data-testid="site-switcher">
        <option value="">{t('admin.sites.allSites')}</option>
        {list.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
      </select>
    </label>
  );
}

/** "Showing <site> only", with a button back to every site, while the switcher names a site; nothing otherwise. */
export function SiteScopeNote() {
  const { t } = useTranslation();
  const current = useAdminSite();
  const can = useCan();
  const sites = useSites(!!current && can('sites:read'));
  if (!current) return null;
  const name = sites.data?.data.find((s) => s.code === current)?.name ?? current;
  return (
    <p className="row muted" style={{ gap: 8 }} data-testid="site-scope">
      {t('admin.sites.showing', { name })}
      <Button variant="secondary" className="btn-small btn-link" onClick={() => setAdminSite('')}>{t('admin.sites.allSites')}</Button>
    </p>
  );
}

/**
 * A fieldset of checkboxes, one per site in `sites` (codes and names), `value` the ticked codes,
 * with `legend` and `hint` above them; `onChange` gets the new codes (in ticking order).
 */
export function SiteCheckboxes({ legend, hint, sites, value, onChange }: { legend: string; hint: string; sites: { code: string; name: string }[]; value: string[]; onChange: (codes: string[]) => void }) {
  return (
    <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend>{legend}</legend>
      <p className="muted">{hint}</p>
      <div className="row">
        {sites.map((s) => (
          <label key={s.code} className="row" style={{ gap: 6 }}>
            <input type="checkbox" checked={value.includes(s.code)} onChange={(e) => onChange(e.target.checked ? [...value, s.code] : value.filter((x) => x !== s.code))} />
            {s.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
