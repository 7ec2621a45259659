/** Header search: an ARIA combobox with debounced (200 ms) type-ahead suggestions; Enter searches. */
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { Price } from '../../ui';
import { useSuggestions } from './api';
import { useDebounced } from './useDebounced';

/** The search form of the header. */
export function SearchBox() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const id = useId();
  const [term, setTerm] = useState(params.get('q') ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const debounced = useDebounced(term.trim(), 200);
  const { data } = useSuggestions(debounced);
  const hits = open && debounced.length >= 2 ? (data?.data ?? []) : [];
  const listId = `${id}-list`;

  const go = (path: string) => {
    setOpen(false);
    setActive(-1);
    navigate(path);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const hit = active >= 0 ? hits[active] : undefined;
    if (hit) go(`/p/${hit.slug}`);
    else if (term.trim()) go(`/search?q=${encodeURIComponent(term.trim())}`);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && hits.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % hits.length);
    } else if (e.key === 'ArrowUp' && hits.length) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? hits.length - 1 : a - 1));
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor={id}>{t('store.search.label')}</label>
      <div className="search-box-input">
        <input
          id={id}
          type="search"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-activedescendant={active >= 0 && hits[active] ? `${listId}-${active}` : undefined}
          placeholder={t('store.search.placeholder', { example: t('store.search.example') })}
          value={term}
          onChange={(e) => {
            setTerm(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onFocus={() => setOpen(true)}
        />
        <ul id={listId} role="listbox" aria-label={t('store.search.suggestions')} className="suggestions" hidden={hits.length === 0}>
          {hits.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                go(`/p/${p.slug}`);
              }}
            >
              <span>{p.title}</span> <Price money={p.price} />
            </li>
          ))}
        </ul>
      </div>
      <button type="submit" className="btn">{t('store.search.submit')}</button>
    </form>
  );
}
