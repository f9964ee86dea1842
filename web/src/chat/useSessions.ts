import { useCallback, useEffect, useState } from 'react';
import { listSessions } from '../api/chat';
import type { SessionSummary } from '../api/types';
import { useAppEvent, useInterval } from '../app/events';

/** The user's sessions, refreshed when a turn changes them and polled while any is processing. */
export function useSessions() {
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setSessions((await listSessions()).sessions);
      setError(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useAppEvent('sessions-changed', () => void refresh());
  useInterval(() => void refresh(), 3000, sessions.some((session) => session.is_processing));

  return { sessions, error, refresh };
}
