/** Debouncing a changing value (type-ahead). */
import { useEffect, useState } from 'react';

/** The value, once it has not changed for `ms` milliseconds. */
export function useDebounced<T>(value: T, ms = 200): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}
