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

/** A session's new title, announced by the server on a running turn's stream (a transient data-session-title part). */
export interface SessionTitle {
  sessionId: string;
  title: string;
}

const titleEvent = 'copilot:session-title';

/** For the live chat's onData: passes a data-session-title part on to whoever shows titles (list, tab title). */
export function announceDataPart(sessionId: string, part: { type: string; data?: unknown }) {
  const title = (part.data as { title?: unknown } | undefined)?.title;
  if (part.type !== 'data-session-title' || typeof title !== 'string' || !title.trim()) return;
  window.dispatchEvent(new CustomEvent<SessionTitle>(titleEvent, { detail: { sessionId, title: title.trim() } }));
}

export function useSessionTitleEvent(handler: (title: SessionTitle) => void) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener = (event: Event) => latest.current((event as CustomEvent<SessionTitle>).detail);
    window.addEventListener(titleEvent, listener);
    return () => window.removeEventListener(titleEvent, listener);
  }, []);
}
