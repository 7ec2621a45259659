/**
 * Design-system primitives shared by the storefront and the back office. Styling lives in
 * theme.css (tokens + classes); components add semantics and accessibility (labels, errors).
 */
import { useId, useLayoutEffect, useRef, useState, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Money } from '../lib/api';
import { formatMoney } from '../lib/format';

export { Pagination } from './Pagination';

/** A button; `variant` picks the style. */
export function Button({ variant = 'primary', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' }) {
  const cls = variant === 'primary' ? 'btn' : `btn btn-${variant}`;
  return <button type="button" {...props} className={`${cls} ${className}`.trim()} />;
}

/** A labelled input with an optional error message wired through aria-describedby. */
export function Field({ label, error, hint, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | null; hint?: ReactNode }) {
  const id = useId();
  const errId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? errId : undefined} {...props} />
      {hint ? <small className="muted">{hint}</small> : null}
      {error ? <span id={errId} className="error" role="alert">{error}</span> : null}
    </div>
  );
}

/** A labelled select. */
export function SelectField({ label, children, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { label: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...props}>{children}</select>
    </div>
  );
}

/** Money in the current UI language. */
export function Price({ money }: { money: Money }) {
  const { i18n } = useTranslation();
  return <span className="price">{formatMoney(money, i18n.language)}</span>;
}

/** An error or success message announced to screen readers. */
export function Alert({ kind = 'error', children }: { kind?: 'error' | 'success'; children: ReactNode }) {
  return <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>{children}</div>;
}

/** A small status label. */
export function Badge({ tone, children }: { tone?: 'warning' | 'danger' | 'success'; children: ReactNode }) {
  return <span className={tone ? `badge badge-${tone}` : 'badge'}>{children}</span>;
}

/**
 * Product image (the first of `images`), or a neutral placeholder when the product has none. Its
 * alternative text is the image's own in `lang` (`altFr` in French, else `alt`), else `alt`.
 */
export function ProductImage({ images, alt, lang }: { images: { url: string; alt?: string; altFr?: string }[]; alt: string; lang?: string }) {
  const first = images[0];
  if (!first) {
    return (
      <div className="placeholder-img" role="img" aria-label={alt}>
        <svg width="48" height="48" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
          <path d="M6 7h12l-1 13H7L6 7z" />
          <path d="M9 7a3 3 0 0 1 6 0" />
        </svg>
      </div>
    );
  }
  return <img src={first.url} alt={(lang === 'fr' ? first.altFr : undefined) || first.alt || alt} loading="lazy" />;
}

/** A labelled multi-line text input. */
export function TextAreaField({ label, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} {...props} />
    </div>
  );
}

/** Loading indicator announced politely to screen readers. */
export function Loading() {
  const { t } = useTranslation();
  return <p className="muted" role="status">{t('common.loading')}</p>;
}

/** Shown when a list or a section has nothing to display. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty-state">{children}</p>;
}

/**
 * The box a wide table scrolls sideways in, so the page itself never does (phones). While its
 * content overflows it is a named, keyboard-focusable region (`label`, default "Table, scrolls
 * sideways"), so keyboard users can scroll it (WCAG 2.1.1); otherwise it is a plain box and no tab stop.
 * `className` adds classes to the box.
 */
export function TableScroll({ label, className = '', children }: { label?: string; className?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className={`table-scroll ${className}`.trim()} {...(overflows ? { tabIndex: 0, role: 'region', 'aria-label': label ?? t('common.tableScroll') } : {})}>
      {children}
    </div>
  );
}
