import { useState } from 'react';
import { createSession } from '../api/chat';
import { Drawer } from '../app/Drawer';
import { chatPath, navigate } from '../app/router';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { UsageBar } from '../usage/UsageBar';
import { ChatSession } from './ChatSession';
import { Composer } from './Composer';
import { rememberFirstMessage } from './firstMessage';
import { displayTitle } from './sessionGroups';
import { SessionList } from './SessionList';
import { useSessions } from './useSessions';

export const sessionDrawerId = 'session-drawer';

interface Props {
  sessionId: string | null;
  drawerOpen: boolean;
  onCloseDrawer: () => void;
}

/** Sidebar (a drawer on phones) of sessions, usage on top, and the open session (or a fresh composer that creates one on send). */
export function ChatPage({ sessionId, drawerOpen, onCloseDrawer }: Props) {
  const { sessions, error, refresh, rename, remove } = useSessions();
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const active = sessions.find((session) => session.id === sessionId);
  const title = sessionId ? (active ? displayTitle(active) : null) : 'New chat';
  useDocumentTitle(title);

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

  async function deleteChat(id: string) {
    await remove(id);
    if (id === sessionId) navigate(chatPath(), { replace: true });
  }

  return (
    <div className="chat-page">
      <Drawer id={sessionDrawerId} label="Conversations" open={drawerOpen} onClose={onCloseDrawer}>
        <SessionList
          sessions={sessions}
          activeId={sessionId}
          error={error}
          onNewChat={() => {
            onCloseDrawer();
            void newChat();
          }}
          creating={creating}
          onRename={rename}
          onDelete={deleteChat}
        />
      </Drawer>
      <main id="main-content" className="chat-main" tabIndex={-1}>
        <h1 className="visually-hidden" data-testid="chat-heading">
          {title ?? 'Chat'}
        </h1>
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
