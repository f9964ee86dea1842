import { useEffect, useState } from 'react';
import { getSession } from '../api/chat';
import { ApiError } from '../api/http';
import type { SessionDetail } from '../api/types';
import { chatPath, followLink } from '../app/router';
import { LiveChat } from './LiveChat';
import { PAGE_SIZE } from './useOlderMessages';

type Load = { state: 'loading' } | { state: 'ready'; detail: SessionDetail } | { state: 'failed'; message: string; missing: boolean };

/** Reads the session's newest page, then hands it to the live view (which resumes a running turn). */
export function ChatSession({ sessionId }: { sessionId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    getSession(sessionId, { limit: PAGE_SIZE })
      .then((detail) => live && setLoad({ state: 'ready', detail }))
      .catch(
        (failure: unknown) =>
          live &&
          setLoad({
            state: 'failed',
            message: failure instanceof Error ? failure.message : String(failure),
            missing: failure instanceof ApiError && (failure.status === 404 || failure.status === 400),
          }),
      );
    return () => {
      live = false;
    };
  }, [sessionId]);

  if (load.state === 'loading') {
    return (
      <p className="loading" role="status">
        Loading conversation…
      </p>
    );
  }
  if (load.state === 'failed') {
    return (
      <div className="load-failed" role="alert">
        <p>{load.missing ? 'This conversation does not exist or is not yours.' : `The conversation could not be loaded: ${load.message}`}</p>
        <a href={chatPath()} onClick={followLink}>
          Start a new chat
        </a>
      </div>
    );
  }
  return <LiveChat key={sessionId} sessionId={sessionId} detail={load.detail} />;
}
