import { useSyncExternalStore } from 'react';

/** Whether a CSS media query matches now, re-rendering when that changes (a rotated phone, a resized window). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (listener) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', listener);
      return () => list.removeEventListener('change', listener);
    },
    () => window.matchMedia(query).matches,
  );
}

/** The width below which the chat list becomes a drawer and the header and usage compact (as in layout.css). */
export const useIsPhone = () => useMediaQuery('(max-width: 720px)');
