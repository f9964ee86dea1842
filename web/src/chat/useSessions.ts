import { useCallback, useEffect, useRef, useState } from 'react';
import { deleteSession, listSessions, renameSession } from '../api/chat';
import type { SessionSummary } from '../api/types';
import { useAppEvent, useInterval, useSessionTitleEvent } from '../app/events';

/**
 * The user's sessions, refreshed when a turn changes them and polled while any is processing; a title the server
 * announces on a running turn's stream shows at once, before the next refresh brings it from the list.
 */
export function useSessions() {
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Titles heard on a stream, so a list read that raced the server's write cannot take a chat's new name away again.
  const announced = useRef(new Map<string, string>());

  const refresh = useCallback(async () => {
    try {
      const listed = (await listSessions()).sessions;
      setSessions(listed.map((session) => (session.title ? session : { ...session, title: announced.current.get(session.id) ?? null })));
      setError(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }, []);

  const retitle = useCallback((sessionId: string, title: string) => {
    setSessions((current) => current.map((session) => (session.id === sessionId ? { ...session, title } : session)));
  }, []);

  const rename = useCallback(
    async (sessionId: string, title: string) => {
      await renameSession(sessionId, title);
      retitle(sessionId, title);
    },
    [retitle],
  );

  const remove = useCallback(async (sessionId: string) => {
    await deleteSession(sessionId);
    setSessions((current) => current.filter((session) => session.id !== sessionId));
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useAppEvent('sessions-changed', () => void refresh());
  useSessionTitleEvent(({ sessionId, title }) => {
    announced.current.set(sessionId, title);
    retitle(sessionId, title);
  });
  useInterval(() => void refresh(), 3000, sessions.some((session) => session.is_processing));

  return { sessions, error, refresh, rename, remove };
}
