/** Whether a CSS media query matches now, following changes (a rotated phone, a resized window). */
import { useCallback, useSyncExternalStore } from 'react';

/**
 * True while `query` (e.g. `(max-width: 900px)`) matches the viewport; re-renders when that changes.
 * False where there is no window (server rendering).
 */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches, () => false);
}
