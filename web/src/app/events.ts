import { useEffect, useRef } from 'react';

/** Cross-component nudges: a finished turn changes the session list (titles, processing) and the usage bar. */
export type AppEvent = 'sessions-changed' | 'usage-changed';

export const emit = (event: AppEvent) => window.dispatchEvent(new Event(`copilot:${event}`));

export function useAppEvent(event: AppEvent, handler: () => void) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener = () => latest.current();
    window.addEventListener(`copilot:${event}`, listener);
    return () => window.removeEventListener(`copilot:${event}`, listener);
  }, [event]);
}

/** Runs the handler every intervalMs while enabled (and the tab is visible). */
export function useInterval(handler: () => void, intervalMs: number, enabled = true) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') latest.current();
    }, intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, enabled]);
}
