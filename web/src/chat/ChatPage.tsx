import { useState } from 'react';
import { createSession } from '../api/chat';
import { chatPath, navigate } from '../app/router';
import { UsageBar } from '../usage/UsageBar';
import { ChatSession } from './ChatSession';
import { Composer } from './Composer';
import { rememberFirstMessage } from './firstMessage';
import { SessionList } from './SessionList';
import { useSessions } from './useSessions';

/** Sidebar of sessions, usage on top, and the open session (or a fresh composer that creates one on send). */
export function ChatPage({ sessionId }: { sessionId: string | null }) {
  const { sessions, error, refresh } = useSessions();
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  async function newChat(firstMessage?: string) {
    setCreating(true);
    setCreateError(null);
    try {
      const session = await createSession();
      if (firstMessage) rememberFirstMessage(session.id, firstMessage);
      navigate(chatPath(session.id));
      void refresh();
    } catch (failure) {
      setCreateError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setCreating(false);
    }
  }

  return (
    <div className="chat-page">
      <SessionList sessions={sessions} activeId={sessionId} error={error} onNewChat={() => void newChat()} creating={creating} />
      <main id="main-content" className="chat-main">
        <UsageBar />
        {sessionId ? (
          <ChatSession key={sessionId} sessionId={sessionId} />
        ) : (
          <section className="chat" aria-label="New chat">
            <div className="messages">
              <p className="empty">Ask anything to start a new conversation.</p>
              {createError && (
                <p role="alert" className="error">
                  {createError}
                </p>
              )}
            </div>
            <Composer inFlight={false} stopping={false} onSend={(text) => void newChat(text)} />
          </section>
        )}
      </main>
    </div>
  );
}
