import { useCallback, useRef, useState } from 'react';
import { getSession } from '../api/chat';
import type { SessionDetail } from '../api/types';
import { toUiMessages } from './history';
import type { ChatMessage } from './messages';

export const PAGE_SIZE = 50;

interface Cursor {
  hasMore: boolean;
  oldestSequence: number | null;
}

/** Backward pagination: each call prepends the page before the oldest loaded message. */
export function useOlderMessages(sessionId: string, detail: SessionDetail, setMessages: (update: (messages: ChatMessage[]) => ChatMessage[]) => void) {
  const [cursor, setCursor] = useState<Cursor>({ hasMore: detail.has_more_messages, oldestSequence: detail.oldest_sequence });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const loadOlder = useCallback(async (): Promise<boolean> => {
    if (busy.current || !cursor.hasMore || cursor.oldestSequence === null) return false;
    busy.current = true;
    setLoading(true);
    try {
      const page = await getSession(sessionId, { limit: PAGE_SIZE, beforeSequence: cursor.oldestSequence });
      setMessages((messages) => [...toUiMessages(page.messages), ...messages]);
      setCursor({ hasMore: page.has_more_messages, oldestSequence: page.oldest_sequence ?? cursor.oldestSequence });
      setError(null);
      return page.messages.length > 0;
    } catch {
      setError('Older messages could not be loaded.');
      return false;
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }, [sessionId, cursor, setMessages]);

  /** A re-read of the newest page that reached further back than the cursor moves the cursor there. */
  const coveredFrom = useCallback((oldestSequence: number | null, hasMore: boolean) => {
    setCursor((current) =>
      oldestSequence !== null && (current.oldestSequence === null || oldestSequence < current.oldestSequence) ? { hasMore, oldestSequence } : current,
    );
  }, []);

  return { ...cursor, loading, error, loadOlder, coveredFrom };
}
